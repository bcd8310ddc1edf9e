package io.github.reductospring.autoconfigure;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Customizes the WebClient of the Reducto client only (filters, logging, headers), unlike Boot's
 * {@code WebClientCustomizer}, which applies to every WebClient of the application. Applied in {@code @Order}, after
 * the client's own settings.
 * <p>
 * Reducto's calls go through a WebClient started from Boot's {@code WebClient.Builder}, so the application's
 * {@code WebClientCustomizer}s and Boot's {@code http.client.requests} observation apply to them whether or not there
 * is one of these; results fetched by URL (third-party storage) go without them and without the API key.
 */
@FunctionalInterface
public interface ReductoWebClientCustomizer {

	/**
	 * Customizes the builder of the Reducto client's WebClient.
	 * @param webClientBuilder the builder
	 */
	void customize(WebClient.Builder webClientBuilder);

}
