package io.github.reductospring.client.http;

import java.net.URI;
import java.util.function.Consumer;

import io.netty.buffer.ByteBufAllocator;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.web.reactive.function.BodyInserter;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * {@link ReductoTransport#over(HttpClient, HttpHeaders)}: requests without a body go straight to Reactor Netty, as a
 * hand-written Reactor Netty client sends them; requests with a body (submissions, uploads) go through Spring's
 * connector over the same client, whose writers know how to write them.
 */
final class NettyTransport implements ReductoTransport {

	/** Wraps the answer's buffers (it allocates only when joining them, from Netty's default pool). */
	private static final NettyDataBufferFactory BUFFERS = new NettyDataBufferFactory(ByteBufAllocator.DEFAULT);

	private final HttpClient client;

	private final ReductoTransport withBody;

	NettyTransport(HttpClient client, HttpHeaders defaultHeaders) {
		HttpHeaders defaults = HttpHeaders.copyOf(defaultHeaders);
		// Set once on the client, which adds them to each request: a request's own headers replace them.
		this.client = client.headers((sent) -> defaults.forEach(sent::set));
		this.withBody = new ConnectorTransport(new ReactorClientHttpConnector(client), defaultHeaders);
	}

	@Override
	public Mono<Void> warmUp() {
		return this.client.warmup();
	}

	@Override
	public <T> Mono<T> exchange(HttpMethod method, URI uri, Consumer<HttpHeaders> headers,
			@Nullable BodyInserter<?, ? super ClientHttpRequest> body, AnswerReader<T> reader) {
		if (body != null) {
			return this.withBody.exchange(method, uri, headers, body, reader);
		}
		return this.client.request(nettyMethod(method))
			.uri(uri)
			.send((request, outbound) -> {
				headers.accept(new HttpHeaders(new Netty4HeadersAdapter(request.requestHeaders())));
				return outbound;
			})
			// Each buffer is retained as it is wrapped, as Spring's connector does: the reader joins them and releases
			// the whole; one dropped on cancellation is released by the join's discard hook.
			.responseConnection((response, connection) -> reader.read(response.status().code(),
					new HttpHeaders(new Netty4HeadersAdapter(response.responseHeaders())),
					connection.inbound().receive().map((buffer) -> BUFFERS.wrap(buffer.retain()))))
			.next();
	}

	private static io.netty.handler.codec.http.HttpMethod nettyMethod(HttpMethod method) {
		return (method == HttpMethod.GET) ? io.netty.handler.codec.http.HttpMethod.GET
				: io.netty.handler.codec.http.HttpMethod.valueOf(method.name());
	}

	@Override
	public String toString() {
		return "ReductoTransport[Reactor Netty]";
	}

}
