package io.github.reductospring.client.http;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import reactor.core.publisher.Mono;

/** {@link ReductoTransport#over(ClientHttpConnector, HttpHeaders)}. */
final class ConnectorTransport implements ReductoTransport {

	private final ClientHttpConnector connector;

	private final HttpHeaders defaultHeaders;

	ConnectorTransport(ClientHttpConnector connector, HttpHeaders defaultHeaders) {
		this.connector = connector;
		this.defaultHeaders = HttpHeaders.readOnlyHttpHeaders(HttpHeaders.copyOf(defaultHeaders));
	}

	@Override
	public <T> Mono<T> exchange(HttpMethod method, URI uri, Consumer<HttpHeaders> headers,
			@Nullable BodyInserter<?, ? super ClientHttpRequest> body, AnswerReader<T> reader) {
		return this.connector.connect(method, uri, (request) -> {
			HttpHeaders sent = request.getHeaders();
			sent.addAll(this.defaultHeaders);
			headers.accept(sent);
			return (body != null) ? body.insert(request, BodyWriters.CONTEXT) : request.setComplete();
		})
			.flatMap((response) -> reader.read(response.getStatusCode().value(), response.getHeaders(),
					response.getBody()));
	}

	@Override
	public String toString() {
		return "ReductoTransport[" + this.connector.getClass().getSimpleName() + "]";
	}

	/**
	 * The writers bodies are written with when no WebClient supplies them: Spring's defaults (bytes, resources,
	 * multipart), built on the first body written.
	 */
	private static final class BodyWriters {

		static final BodyInserter.Context CONTEXT = new BodyInserter.Context() {

			private final List<HttpMessageWriter<?>> writers = ExchangeStrategies.withDefaults().messageWriters();

			@Override
			public List<HttpMessageWriter<?>> messageWriters() {
				return this.writers;
			}

			@Override
			public Optional<ServerHttpRequest> serverRequest() {
				return Optional.empty();
			}

			@Override
			public Map<String, Object> hints() {
				return Map.of();
			}

		};

	}

}
