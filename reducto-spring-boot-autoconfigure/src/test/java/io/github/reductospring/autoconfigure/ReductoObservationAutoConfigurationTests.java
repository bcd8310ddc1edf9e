package io.github.reductospring.autoconfigure;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.WebClientObservationAutoConfiguration;

import io.github.reductospring.client.JobOperations;
import io.github.reductospring.client.ListQuery;
import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.SubmitRequest;
import io.github.reductospring.client.http.ReductoCallObserver;
import io.github.reductospring.client.observation.DefaultReductoObservationConvention;
import io.github.reductospring.client.observation.ReductoJobMetrics;
import io.github.reductospring.client.observation.ReductoObservationConvention;
import io.github.reductospring.emulator.JobScript;
import io.github.reductospring.emulator.ReductoEmulatorExtension;

import static io.github.reductospring.autoconfigure.ReductoTestSetup.emulatorProperties;
import static io.github.reductospring.autoconfigure.ReductoTestSetup.reductoWith;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReductoObservationAutoConfiguration}.
 */
class ReductoObservationAutoConfigurationTests {

	@RegisterExtension
	static ReductoEmulatorExtension reducto = new ReductoEmulatorExtension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(reductoWith(ReductoObservationAutoConfiguration.class, ReductoJobMetricsAutoConfiguration.class))
		.withPropertyValues(emulatorProperties(reducto.emulator()));

	private ApplicationContextRunner withRegistries() {
		return this.contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new);
	}

	@Test
	void observesCallsAndBindsJobMetrics() {
		withRegistries().run((context) -> {
			assertThat(context).hasSingleBean(ReductoCallObserver.class).hasSingleBean(ReductoJobMetrics.class);
			context.getBean(JobOperations.class).list(ListQuery.firstPage());
			TestObservationRegistryAssert.assertThat((TestObservationRegistry) context.getBean(ObservationRegistry.class))
				.hasObservationWithNameEqualTo(DefaultReductoObservationConvention.DEFAULT_NAME)
				.that()
				.hasLowCardinalityKeyValue("operation", "list_jobs");
		});
	}

	@Test
	void bootsWebClientObservationSeesEveryAttemptBesideTheClientsOwn() {
		withRegistries().withConfiguration(AutoConfigurations.of(WebClientObservationAutoConfiguration.class))
			.run((context) -> {
				context.getBean(JobOperations.class).list(ListQuery.firstPage());
				TestObservationRegistryAssert
					.assertThat((TestObservationRegistry) context.getBean(ObservationRegistry.class))
					.hasObservationWithNameEqualTo("http.client.requests")
					.that()
					.hasLowCardinalityKeyValue("method", "GET");
			});
	}

	@Test
	void withoutTheClientAutoConfigurationThereIsNothingToMeasureAndStartupSucceeds() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReductoObservationAutoConfiguration.class,
					ReductoJobMetricsAutoConfiguration.class))
			.withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ReductoCallObserver.class)
				.doesNotHaveBean(ReductoJobMetrics.class));
	}

	@Test
	void operationsOfTheApplicationsOwnWithoutATrackerBeanNeedNoJobMetrics() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReductoObservationAutoConfiguration.class,
					ReductoJobMetricsAutoConfiguration.class))
			.withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(ReactiveJobOperations.class, () -> ReactiveJobOperations.builder()
				.baseUrl(reducto.emulator().baseUrl())
				.apiKey(reducto.emulator().apiKey())
				.build())
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ReductoJobMetrics.class));
	}

	@Test
	void userConventionTakesOver() {
		withRegistries().withBean(ReductoObservationConvention.class, () -> new DefaultReductoObservationConvention() {
			@Override
			public String getName() {
				return "my.reducto.calls";
			}
		}).run((context) -> {
			context.getBean(JobOperations.class).list(ListQuery.firstPage());
			TestObservationRegistryAssert.assertThat((TestObservationRegistry) context.getBean(ObservationRegistry.class))
				.hasObservationWithNameEqualTo("my.reducto.calls");
		});
	}

	@Test
	void observationsCanBeSwitchedOff() {
		withRegistries().withPropertyValues("reducto.observations.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ReductoCallObserver.class);
			context.getBean(JobOperations.class).list(ListQuery.firstPage());
			TestObservationRegistryAssert.assertThat((TestObservationRegistry) context.getBean(ObservationRegistry.class))
				.doesNotHaveAnyObservation();
		});
	}

	@Test
	void withoutRegistryBeansNothingIsRecordedAndNothingFails() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(ReductoCallObserver.class).doesNotHaveBean(ReductoJobMetrics.class);
			context.getBean(JobOperations.class).list(ListQuery.firstPage());
		});
	}

	@Test
	void withoutMicrometerOnTheClasspathTheClientStillWorks() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class, MeterRegistry.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(ReductoCallObserver.class);
				context.getBean(JobOperations.class).list(ListQuery.firstPage());
			});
	}

	@Test
	void jobMetersReadZeroBeforeTheFirstJobAndCountItsEnd() {
		runWithBootMetrics().run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("reducto.jobs.tracked").tags("status", "pending").gauge().value()).isZero();
			afterOneTrackedJob(context);
			assertThat(registry.get("reducto.jobs.ended")
				.tags("type", "parse", "status", "completed")
				.counter()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void reductoMetersAreRegisteredWithBootsMetrics() {
		runWithBootMetrics().run((context) -> assertThat(afterOneTrackedJob(context).getMeters())
			.anyMatch((meter) -> meter.getId().getName().equals("reducto.client.requests"))
			.anyMatch((meter) -> meter.getId().getName().equals("reducto.jobs.ended")));
	}

	@Test
	void reductoMetersCanBeDisabledWithBootsMetricsProperty() {
		runWithBootMetrics().withPropertyValues("management.metrics.enable.reducto=false")
			.run((context) -> assertThat(afterOneTrackedJob(context).getMeters())
				.noneMatch((meter) -> meter.getId().getName().startsWith("reducto")));
	}

	private static ApplicationContextRunner runWithBootMetrics() {
		reducto.emulator().defaultScript(JobScript.completesImmediately());
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration.class,
					HttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
					WebClientAutoConfiguration.class, ReductoObservationAutoConfiguration.class,
					ReductoAutoConfiguration.class, ReductoJobMetricsAutoConfiguration.class))
			.withPropertyValues("reducto.base-url=" + reducto.emulator().baseUrl(),
					"reducto.api-key=" + reducto.emulator().apiKey(), "reducto.polling.initial-interval=50ms",
					"reducto.polling.jitter=0ms");
	}

	private static MeterRegistry afterOneTrackedJob(org.springframework.context.ApplicationContext context) {
		JobOperations jobs = context.getBean(JobOperations.class);
		jobs.await(jobs.submit(SubmitRequest.parse("https://x.com/a.pdf").build()), Duration.ofSeconds(5));
		// The tracker reports a job's end (and so records its metrics) before it completes the wait.
		return context.getBean(MeterRegistry.class);
	}

}
