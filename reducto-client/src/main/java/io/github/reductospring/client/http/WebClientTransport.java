package io.github.reductospring.client.http;

import java.net.URI;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/** {@link ReductoTransport#over(WebClient)}. */
final class WebClientTransport implements ReductoTransport {

	private final WebClient webClient;

	WebClientTransport(WebClient webClient) {
		this.webClient = webClient;
	}

	@Override
	public <T> Mono<T> exchange(HttpMethod method, URI uri, Consumer<HttpHeaders> headers,
			@Nullable BodyInserter<?, ? super ClientHttpRequest> body, AnswerReader<T> reader) {
		WebClient.RequestBodySpec request = this.webClient.method(method).uri(uri).headers(headers);
		return ((body != null) ? request.body(body) : request).exchangeToMono((response) -> reader
			.read(response.statusCode().value(), response.headers().asHttpHeaders(),
					response.body(BodyExtractors.toDataBuffers())));
	}

	@Override
	public String toString() {
		return "ReductoTransport[WebClient]";
	}

}
