package io.github.reductospring.emulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EmulatorServer}.
 */
class EmulatorServerTests {

	@Test
	void anUploadIsCountedAsItComesNotHeldInMemory() throws Exception {
		// Presigned uploads may be hundreds of MB: the emulator needs only their size, and a container's heap should
		// not have to match the largest file a test sends.
		AtomicReference<EmulatorRequest> received = new AtomicReference<>();
		EmulatorServer server = new EmulatorServer("127.0.0.1", 0, (request) -> {
			received.set(request);
			return Mono.just(Answer.of(200, java.util.Map.of(), new byte[0]));
		});
		server.start();
		try {
			int size = 8 * 1024 * 1024 + 1;
			HttpResponse<Void> response = HttpClient.newHttpClient()
				.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + server.port() + EmulatorRoutes.UPLOADS_PATH + "u-1"))
					.PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[size]))
					.build(), HttpResponse.BodyHandlers.discarding());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(received.get().body().length).isZero();
			assertThat(received.get().bodyLength()).isEqualTo(size);
		}
		finally {
			server.stop();
		}
	}

	@Test
	void anyOtherBodyIsReadWhole() throws Exception {
		AtomicReference<EmulatorRequest> received = new AtomicReference<>();
		EmulatorServer server = new EmulatorServer("127.0.0.1", 0, (request) -> {
			received.set(request);
			return Mono.just(Answer.of(200, java.util.Map.of(), new byte[0]));
		});
		server.start();
		try {
			HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/parse_async"))
					.POST(HttpRequest.BodyPublishers.ofString("{\"input\":\"x\"}"))
					.build(), HttpResponse.BodyHandlers.discarding());
			assertThat(new String(received.get().body(), java.nio.charset.StandardCharsets.UTF_8))
				.isEqualTo("{\"input\":\"x\"}");
			assertThat(received.get().bodyLength()).isEqualTo(13);
		}
		finally {
			server.stop();
		}
	}

}
