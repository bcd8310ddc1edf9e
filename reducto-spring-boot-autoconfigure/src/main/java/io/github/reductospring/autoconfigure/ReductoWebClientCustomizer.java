package io.github.reductospring.autoconfigure;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Customizes the WebClient of the Reducto client only (filters, logging, headers), unlike Boot's
 * {@code WebClientCustomizer}, which applies to every WebClient of the application. Applied in {@code @Order}, after
 * the client's own settings.
 * <p>
 * Without one, calls go straight over Reactor Netty, or over the connector Boot is set to (about a tenth cheaper
 * per call than through a WebClient). With one, they go through a WebClient started from Boot's
 * {@code WebClient.Builder}: its filters, Boot's {@code WebClientCustomizer}s and Boot's {@code http.client.requests}
 * observation then apply to every attempt.
 */
@FunctionalInterface
public interface ReductoWebClientCustomizer {

	/**
	 * Customizes the builder of the Reducto client's WebClient.
	 * @param webClientBuilder the builder
	 */
	void customize(WebClient.Builder webClientBuilder);

}
