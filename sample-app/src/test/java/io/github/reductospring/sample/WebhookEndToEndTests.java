package io.github.reductospring.sample;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Flux;

import io.github.reductospring.autoconfigure.JobStatusChangedEvent;
import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.SubmitRequest;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.emulator.JobScript;
import io.github.reductospring.emulator.ReductoEmulator;
import io.github.reductospring.emulator.WebhookDelivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample as a running WebFlux application receiving Svix-signed webhooks from the emulator over HTTP.
 */
class WebhookEndToEndTests {

	/** How long a test waits for a call at most. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Test
	void signedDeliveriesEndTrackedJobsWithOneReadEach() {
		List<JobStatusChangedEvent> events = new CopyOnWriteArrayList<>();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.web(WebApplicationType.REACTIVE)
			.initializers(new EmbeddedEmulator())
			.listeners((ApplicationListener<JobStatusChangedEvent>) events::add)
			.run("--server.port=0", "--server.address=127.0.0.1", "--reducto.webhook.enabled=true",
					"--reducto.webhook.signing-secret=" + ReductoEmulator.DEFAULT_SIGNING_SECRET,
					"--sample.run-on-startup=false")) {
			ReductoEmulator emulator = context.getBean(ReductoEmulator.class);
			emulator.reset(); // drop the sample's own scripted jobs
			int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
			emulator.webhookTarget(URI.create("http://127.0.0.1:" + port + "/reducto/webhook"));
			emulator.defaultScript(JobScript.completesAfter(Duration.ofMillis(100), Duration.ofMillis(300)));
			ReactiveJobOperations operations = context.getBean(ReactiveJobOperations.class);
			int count = 12;
			List<Job> jobs = Flux.range(0, count)
				.flatMap((i) -> operations.submitAndAwait(SubmitRequest.parse("https://x.com/" + i + ".pdf").build(),
						Duration.ofSeconds(10)))
				.collectList()
				.block(TIMEOUT);
			assertThat(jobs).hasSize(count).allSatisfy((job) -> assertThat(job.status()).isEqualTo(JobStatus.COMPLETED));
			assertThat(emulator.webhookDeliveries()).hasSize(count)
				.allSatisfy((delivery) -> assertThat(delivery.status()).isEqualTo(202))
				.extracting(WebhookDelivery::mode)
				.containsOnly("svix");
			// One result read per job; polling is only a 30-second safety net while webhooks are on.
			assertThat(emulator.requestCount("GET", "/job/")).isEqualTo(count);
			assertThat(emulator.requestCount("GET", "/jobs")).isLessThanOrEqualTo(1);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> events.stream().filter((e) -> e.getJob().isTerminal()).count() >= count);
			assertThat(events).filteredOn((event) -> event.getJob().status() == JobStatus.COMPLETED)
				.extracting((event) -> event.getJob().jobId())
				.containsExactlyInAnyOrderElementsOf(jobs.stream().map(Job::jobId).toList());
		}
	}

}
