package io.github.reductospring.client.http;

import java.net.URI;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Sends one HTTP request and hands its answer to a reader: the only part of the pipeline that knows which HTTP
 * client carries the calls. Everything around a request (pacing, retries, the deadline, observation, decoding, error
 * mapping) is the pipeline's, the same whichever transport sends it.
 * <p>
 * Three transports: {@linkplain #over(HttpClient, HttpHeaders) straight over Reactor Netty's client} (the default:
 * calls without a body skip the adapters of Spring's connector, which cost as much as everything else this client
 * adds), {@linkplain #over(ClientHttpConnector, HttpHeaders) over another Spring {@code ClientHttpConnector}} (JDK,
 * Jetty, Apache HttpComponents), or {@linkplain #over(WebClient) through a WebClient}, for an application that
 * customizes the client's WebClient (its filters, observations and default headers then apply to every attempt, at
 * a tenth of a call's throughput).
 */
public interface ReductoTransport {

	/**
	 * Sends a request.
	 * @param <T> what the reader makes of the answer
	 * @param method the method
	 * @param uri the absolute URI
	 * @param headers sets this request's own headers, over the transport's defaults
	 * @param body the body, if any
	 * @param reader reads the answer; it must subscribe to the body (to read or drop it), so that the connection is
	 * released
	 * @return what the reader made of the answer
	 */
	<T> Mono<T> exchange(HttpMethod method, URI uri, Consumer<HttpHeaders> headers,
			@Nullable BodyInserter<?, ? super ClientHttpRequest> body, AnswerReader<T> reader);

	/**
	 * Readies what the first request would otherwise set up (event loops, native transport, DNS resolver), without
	 * sending anything. Only the Reactor Netty transport has something to do.
	 * @return completes when ready
	 */
	default Mono<Void> warmUp() {
		return Mono.empty();
	}

	/**
	 * A transport straight over a connector.
	 * @param connector the connector (Reactor Netty, Jetty, JDK or Apache HttpComponents)
	 * @param defaultHeaders headers sent with every request, unless the request sets its own
	 * @return the transport
	 */
	static ReductoTransport over(ClientHttpConnector connector, HttpHeaders defaultHeaders) {
		return new ConnectorTransport(connector, defaultHeaders);
	}

	/**
	 * A transport straight over Reactor Netty's client: calls without a body skip Spring's connector layers; calls
	 * with one go through Spring's connector over the same client.
	 * @param client the client, with its connection pool, timeouts and SSL set
	 * @param defaultHeaders headers sent with every request, unless the request sets its own
	 * @return the transport
	 */
	static ReductoTransport over(HttpClient client, HttpHeaders defaultHeaders) {
		return new NettyTransport(client, defaultHeaders);
	}

	/**
	 * A transport through a WebClient: its filters, default headers and observations apply to every attempt.
	 * @param webClient the WebClient; requests are given absolute URIs
	 * @return the transport
	 */
	static ReductoTransport over(WebClient webClient) {
		return new WebClientTransport(webClient);
	}

	/**
	 * Reads an answer.
	 *
	 * @param <T> what it makes of the answer
	 */
	@FunctionalInterface
	interface AnswerReader<T> {

		/**
		 * Reads an answer.
		 * @param status the status code
		 * @param headers the answer's headers
		 * @param body the body, to be subscribed to
		 * @return what the answer means
		 */
		Mono<T> read(int status, HttpHeaders headers, Flux<DataBuffer> body);

	}

}
