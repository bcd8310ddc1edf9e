package io.github.reductospring.emulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
		int size = 8 * 1024 * 1024 + 1;
		EmulatorRequest received = received("PUT", EmulatorRoutes.UPLOADS_PATH + "u-1",
				HttpRequest.BodyPublishers.ofByteArray(new byte[size]));
		assertThat(received.body().length).isZero();
		assertThat(received.bodyLength()).isEqualTo(size);
	}

	@Test
	void anyOtherBodyIsReadWhole() throws Exception {
		EmulatorRequest received = received("POST", "/parse_async",
				HttpRequest.BodyPublishers.ofString("{\"input\":\"x\"}"));
		assertThat(new String(received.body(), StandardCharsets.UTF_8)).isEqualTo("{\"input\":\"x\"}");
		assertThat(received.bodyLength()).isEqualTo(13);
	}

	/** The request as the server hands it to the routes. */
	private static EmulatorRequest received(String method, String path, HttpRequest.BodyPublisher body)
			throws Exception {
		AtomicReference<EmulatorRequest> received = new AtomicReference<>();
		EmulatorServer server = new EmulatorServer("127.0.0.1", 0, (request) -> {
			received.set(request);
			return Mono.just(Answer.of(200, Map.of(), new byte[0]));
		});
		server.start();
		try {
			HttpResponse<Void> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
					.method(method, body)
					.build(), HttpResponse.BodyHandlers.discarding());
			assertThat(response.statusCode()).isEqualTo(200);
			return received.get();
		}
		finally {
			server.stop();
		}
	}

}
