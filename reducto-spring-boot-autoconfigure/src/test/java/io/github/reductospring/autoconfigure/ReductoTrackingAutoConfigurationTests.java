package io.github.reductospring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import reactor.core.publisher.Mono;

import io.github.reductospring.client.JobOperations;
import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.ReductoClientBuilder;
import io.github.reductospring.client.SubmitRequest;
import io.github.reductospring.client.error.JobTrackingStoppedException;
import io.github.reductospring.client.http.ReductoHttpPipeline;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.tracking.JobTracker;
import io.github.reductospring.client.tracking.PollingSettings;
import io.github.reductospring.client.tracking.TrackedJobRegistry;
import io.github.reductospring.client.tracking.TrackingSettings;
import io.github.reductospring.emulator.JobScript;
import io.github.reductospring.emulator.ReductoEmulatorExtension;

import static io.github.reductospring.autoconfigure.ReductoTestSetup.emulatorProperties;
import static io.github.reductospring.autoconfigure.ReductoTestSetup.reductoWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the tracking part of {@link ReductoAutoConfiguration}: the tracker bean, its events and its shutdown.
 */
class ReductoTrackingAutoConfigurationTests {

	@RegisterExtension
	static ReductoEmulatorExtension reducto = new ReductoEmulatorExtension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(reductoWith())
		.withPropertyValues(emulatorProperties(reducto.emulator()))
		.withPropertyValues("reducto.polling.initial-interval=50ms", "reducto.polling.jitter=0ms");

	@Test
	void publishesEachStatusChangeAsAnApplicationEvent() {
		reducto.emulator().defaultScript(JobScript.completesAfter(Duration.ofMillis(50), Duration.ofMillis(100)));
		this.contextRunner.withUserConfiguration(Listener.class).run((context) -> {
			JobOperations jobs = context.getBean(JobOperations.class);
			String id = jobs.submit(SubmitRequest.parse("https://x.com/a.pdf").build());
			assertThat(jobs.await(id, Duration.ofSeconds(5)).status()).isEqualTo(JobStatus.COMPLETED);
			List<JobStatusChangedEvent> events = context.getBean(Listener.class).events;
			await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());
			assertThat(events).last().satisfies((event) -> {
				assertThat(event.getJob().jobId()).isEqualTo(id);
				assertThat(event.getJob().status()).isEqualTo(JobStatus.COMPLETED);
				assertThat(event.getJob().result()).isNotNull();
				assertThat(event.getSource()).isSameAs(context.getBean(JobTracker.class));
				assertThat(event.getEventId()).as("the same on every delivery of this change")
					.isEqualTo(id + ":COMPLETED");
			});
		});
	}

	@Test
	void eventsCanBeSwitchedOff() {
		reducto.emulator().defaultScript(JobScript.completesImmediately());
		this.contextRunner.withUserConfiguration(Listener.class)
			.withPropertyValues("reducto.tracking.publish-events=false")
			.run((context) -> {
				JobOperations jobs = context.getBean(JobOperations.class);
				jobs.await(jobs.submit(SubmitRequest.parse("https://x.com/a.pdf").build()), Duration.ofSeconds(5));
				// Nothing listens to the tracker for events: none can come, however long one waits.
				assertThat(context.getBean(JobTrackerLifecycle.class).isPublishingEvents()).isFalse();
				assertThat(context.getBean(Listener.class).events).isEmpty();
			});
	}

	@Test
	void closingTheContextEndsPendingWaitsWithAShutdownError() {
		String id = reducto.emulator().seedJob("Parse", JobScript.staysPending());
		Mono<Job>[] pending = new Mono[1];
		this.contextRunner.run((context) -> {
			pending[0] = context.getBean(ReactiveJobOperations.class).await(id, Duration.ofMinutes(5)).cache();
			pending[0].subscribe((job) -> {
			}, (error) -> {
			});
		});
		assertThatExceptionOfType(JobTrackingStoppedException.class)
			.isThrownBy(() -> pending[0].block(Duration.ofSeconds(5)))
			.withMessageContaining("shutting down");
	}

	@Test
	void trackingPropertiesBind() {
		this.contextRunner
			.withPropertyValues("reducto.tracking.bulk-threshold=50", "reducto.tracking.cancel-on-timeout=true",
					"reducto.rate-limit.job-reads-per-second=20")
			.run((context) -> {
				ReductoProperties properties = context.getBean(ReductoProperties.class);
				assertThat(properties.getTracking().getBulkThreshold()).isEqualTo(50);
				assertThat(properties.getTracking().isCancelOnTimeout()).isTrue();
				assertThat(properties.getRateLimit().getJobReadsPerSecond()).isEqualTo(20);
				assertThat(context).hasSingleBean(JobTracker.class);
			});
	}

	@Test
	void invalidTrackingSettingsFailStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("reducto.tracking.bulk-threshold=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(new ReductoConfigurationFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
				.contains("reducto.tracking.bulk-threshold");
		});
	}

	@Test
	void theTrackerKeepsJobsInAnApplicationsRegistry() {
		reducto.emulator().defaultScript(JobScript.completesAfter(Duration.ZERO, Duration.ofMillis(100)));
		this.contextRunner.withUserConfiguration(OwnRegistry.class).run((context) -> {
			assertThat(context).hasSingleBean(TrackedJobRegistry.class);
			TrackedJobRegistry registry = context.getBean(TrackedJobRegistry.class);
			JobOperations jobs = context.getBean(JobOperations.class);
			String id = jobs.submit(SubmitRequest.parse("https://x.com/a.pdf").build());
			jobs.await(id, Duration.ofSeconds(5));
			assertThat(registry.find(id)).satisfies((known) -> assertThat(known.status()).isEqualTo(JobStatus.COMPLETED));
		});
	}

	@Test
	void anApplicationsTrackerIsTheOneAwaitUses() {
		reducto.emulator().defaultScript(JobScript.completesAfter(Duration.ZERO, Duration.ofMillis(100)));
		this.contextRunner.withUserConfiguration(OwnTracker.class).run((context) -> {
			JobTracker tracker = context.getBean(JobTracker.class);
			assertThat(context.getBean(ReactiveJobOperations.class).tracker()).isSameAs(tracker);
			JobOperations jobs = context.getBean(JobOperations.class);
			String id = jobs.submit(SubmitRequest.parse("https://x.com/a.pdf").build());
			assertThat(jobs.await(id, Duration.ofSeconds(5)).status()).isEqualTo(JobStatus.COMPLETED);
			assertThat(context.getBean(OwnTracker.class).registry.find(id)).isNotNull();
		});
	}

	@Test
	void anApplicationsTrackerPublishesEventsAndEndsWaitsOnShutdown() {
		reducto.emulator().defaultScript(JobScript.completesAfter(Duration.ZERO, Duration.ofMillis(100)));
		String pendingId = reducto.emulator().seedJob("Parse", JobScript.staysPending());
		Mono<Job>[] pending = new Mono[1];
		this.contextRunner.withUserConfiguration(OwnTracker.class, Listener.class).run((context) -> {
			JobOperations jobs = context.getBean(JobOperations.class);
			String id = jobs.submit(SubmitRequest.parse("https://x.com/a.pdf").build());
			jobs.await(id, Duration.ofSeconds(5));
			List<JobStatusChangedEvent> events = context.getBean(Listener.class).events;
			await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());
			assertThat(events).last().satisfies((event) -> assertThat(event.getJob().jobId()).isEqualTo(id));
			pending[0] = context.getBean(ReactiveJobOperations.class).await(pendingId, Duration.ofMinutes(5)).cache();
			pending[0].subscribe((job) -> {
			}, (error) -> {
			});
		});
		assertThatExceptionOfType(JobTrackingStoppedException.class)
			.isThrownBy(() -> pending[0].block(Duration.ofSeconds(5)));
	}

	@Test
	void anApplicationsOperationsBringTheirOwnTracker() {
		ReactiveJobOperations own = ReactiveJobOperations.builder()
			.baseUrl(reducto.emulator().baseUrl())
			.apiKey(reducto.emulator().apiKey())
			.build();
		new ApplicationContextRunner().withConfiguration(reductoWith())
			.withBean(ReactiveJobOperations.class, () -> own)
			.run((context) -> {
				// No key is configured: the auto-configuration builds no client parts of its own.
				assertThat(context).hasNotFailed().doesNotHaveBean(ReductoHttpPipeline.class);
				assertThat(context.getBean(JobTracker.class)).isSameAs(own.tracker());
			});
		own.tracker().close();
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRegistry {

		@Bean
		TrackedJobRegistry ownRegistry() {
			return TrackedJobRegistry.inMemory();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnTracker {

		final TrackedJobRegistry registry = TrackedJobRegistry.inMemory();

		@Bean
		JobTracker ownTracker(ReductoHttpPipeline pipeline) {
			return new JobTracker(ReductoClientBuilder.jobSource(pipeline), TrackingSettings.DEFAULTS,
					new PollingSettings(Duration.ofMillis(50), 1.5, Duration.ofMillis(200), Duration.ZERO),
					this.registry, null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Listener {

		final List<JobStatusChangedEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void on(JobStatusChangedEvent event) {
			this.events.add(event);
		}

		@Bean
		String marker() {
			return "listener";
		}

	}

}
