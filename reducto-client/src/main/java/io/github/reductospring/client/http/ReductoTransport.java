package io.github.reductospring.client.http;

import java.net.URI;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends one HTTP request through a WebClient and hands its answer to a reader: the only part of the pipeline that
 * touches the HTTP client. Everything around a request (pacing, retries, the deadline, observation, decoding, error
 * mapping) is the pipeline's; the WebClient's filters, default headers and observations apply to every attempt.
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
