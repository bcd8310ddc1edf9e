package io.github.reductospring.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import reactor.core.publisher.Flux;

import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.SubmitRequest;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.emulator.ReductoEmulator;
import io.github.reductospring.testcontainers.ReductoEmulatorContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The emulator container delivers Svix-signed webhooks back to the application over the host's loopback network.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "sample.run-on-startup=false", "reducto.webhook.enabled=true" })
@Testcontainers(disabledWithoutDocker = true)
class WebhookContainerTests {

	/** How long a test waits for a call at most. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	static final int APP_PORT = freePort();

	@Container
	@ServiceConnection
	static ReductoEmulatorContainer reducto = new ReductoEmulatorContainer()
		.withJobTimeline(Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofMillis(300))
		.withWebhookTarget(URI.create("http://127.0.0.1:" + APP_PORT + "/reducto/webhook"),
				ReductoEmulator.DEFAULT_SIGNING_SECRET);

	@DynamicPropertySource
	static void applicationOnAKnownPort(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> APP_PORT);
		registry.add("server.address", () -> "127.0.0.1");
		registry.add("reducto.webhook.signing-secret", () -> ReductoEmulator.DEFAULT_SIGNING_SECRET);
	}

	@Autowired
	ReactiveJobOperations operations;

	@Test
	void deliveriesFromTheContainerEndTrackedJobs() throws Exception {
		assumeTrue(reducto.isHostNetwork(), "deliveries to 127.0.0.1 need the container on the host's network");
		List<Job> jobs = Flux.range(0, 5)
			.flatMap((i) -> this.operations.submitAndAwait(SubmitRequest.parse("https://x.com/" + i + ".pdf").build(),
					Duration.ofSeconds(20)))
			.collectList()
			.block(TIMEOUT);
		assertThat(jobs).hasSize(5).allSatisfy((job) -> assertThat(job.status()).isEqualTo(JobStatus.COMPLETED));
		// Webhooks on: polling is a 30-second safety net, so each job was read once, when its delivery came.
		assertThat(routeCount("GET /job/{jobId}")).isEqualTo(5);
	}

	private static long routeCount(String route) throws Exception {
		String stats = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(reducto.getBaseUrl().resolve("/_emulator/stats")).build(),
					java.net.http.HttpResponse.BodyHandlers.ofString())
			.body();
		return tools.jackson.databind.json.JsonMapper.builder().build().readTree(stats).path(route).asLong();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
