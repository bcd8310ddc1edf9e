package io.github.reductospring.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * The emulator's HTTP server: Reactor Netty on event loops of its own, so that it shares nothing with the
 * application under test, and every setting it needs (no Nagle delay, no cap on kept-alive connections) is its own
 * server's, not the JVM's. It reads each request whole (a presigned upload only counted), asks the handler for the
 * {@link Answer}, and writes it the way the answer says: whole, cut off or dropped.
 */
final class EmulatorServer {

	private final String bindAddress;

	private final int requestedPort;

	private final Function<EmulatorRequest, Mono<Answer>> handler;

	/** Read by request handlers on the event loops: never behind the lock that stopping holds. */
	private volatile @Nullable DisposableServer server;

	private @Nullable LoopResources loops;

	EmulatorServer(String bindAddress, int requestedPort, Function<EmulatorRequest, Mono<Answer>> handler) {
		this.bindAddress = bindAddress;
		this.requestedPort = requestedPort;
		this.handler = handler;
	}

	synchronized void start() {
		if (this.server != null) {
			return;
		}
		LoopResources eventLoops = LoopResources.create("reducto-emulator", 1,
				Math.max(2, Runtime.getRuntime().availableProcessors()), true);
		try {
			this.server = HttpServer.create()
				.host(this.bindAddress)
				.port(this.requestedPort)
				.runOn(eventLoops)
				.option(ChannelOption.SO_BACKLOG, 1024)
				.childOption(ChannelOption.TCP_NODELAY, true)
				.handle(this::handle)
				.bindNow();
			this.loops = eventLoops;
		}
		catch (RuntimeException ex) {
			eventLoops.dispose();
			throw new IllegalStateException("Could not start the Reducto emulator on " + this.bindAddress + ":"
					+ this.requestedPort, ex);
		}
	}

	synchronized void stop() {
		DisposableServer running = this.server;
		if (running != null) {
			this.server = null;
			try {
				running.disposeNow(Duration.ofSeconds(2));
			}
			catch (IllegalStateException ex) {
				// Answers still held back by a delay fault: closing the event loops below cuts them off.
			}
		}
		if (this.loops != null) {
			// No quiet period: the default two seconds would add up over a test suite's many emulators.
			this.loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block();
			this.loops = null;
		}
	}

	int port() {
		DisposableServer running = this.server;
		if (running == null) {
			throw new IllegalStateException("The emulator is not started");
		}
		return running.port();
	}

	private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		String uri = request.uri();
		int query = uri.indexOf('?');
		String rawPath = (query >= 0) ? uri.substring(0, query) : uri;
		String rawQuery = (query >= 0) ? uri.substring(query + 1) : null;
		Map<String, List<String>> headers = new LinkedHashMap<>();
		request.requestHeaders()
			.forEach((header) -> headers.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT),
					(name) -> new ArrayList<>()).add(header.getValue()));
		String method = request.method().name();
		// A presigned upload is counted as it comes, not held: files may be hundreds of MB, and only their size is
		// recorded. Any other body is read whole.
		Mono<EmulatorRequest> received = (method.equals("PUT") && rawPath.startsWith(EmulatorRoutes.UPLOADS_PATH))
				? request.receive()
					.map((buffer) -> (long) buffer.readableBytes())
					.reduce(0L, Long::sum)
					.map((length) -> new EmulatorRequest(method, rawPath, rawQuery, headers, new byte[0], length))
				: request.receive()
					.aggregate()
					.asByteArray()
					.defaultIfEmpty(new byte[0])
					.map((body) -> new EmulatorRequest(method, rawPath, rawQuery, headers, body, body.length));
		return received.flatMap(this.handler)
			.flatMap((answer) -> write(response, answer))
			// The client went away (timeouts, cut-off tests): nothing to answer.
			.onErrorResume((failure) -> Mono.empty());
	}

	private static Mono<Void> write(HttpServerResponse response, Answer answer) {
		// The channel itself: once a response is sent, the response no longer hands out its connection.
		Channel[] channel = new Channel[1];
		response.withConnection((connection) -> channel[0] = connection.channel());
		if (answer.delivery() == Answer.Delivery.DROPPED) {
			channel[0].close();
			return Mono.empty();
		}
		response.status(answer.status());
		answer.headers().forEach(response::header);
		byte[] body = answer.body();
		response.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
		if (answer.delivery() == Answer.Delivery.CUT_OFF) {
			// The headers announce the whole body; half of it comes, then the connection closes.
			return response.sendByteArray(Mono.just(Arrays.copyOf(body, body.length / 2)))
				.then()
				.doFinally((signal) -> channel[0].close());
		}
		return (body.length == 0) ? response.send().then() : response.sendByteArray(Mono.just(body)).then();
	}

}
