package io.github.reductospring.autoconfigure.health;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.SubmitRequest;
import io.github.reductospring.emulator.Fault;
import io.github.reductospring.emulator.JobScript;
import io.github.reductospring.emulator.ReductoEmulatorExtension;

import static io.github.reductospring.autoconfigure.ReductoTestSetup.emulatorProperties;
import static io.github.reductospring.autoconfigure.ReductoTestSetup.reductoWith;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReductoHealthContributorAutoConfiguration} and {@link ReductoHealthIndicator}, against the
 * emulator.
 */
class ReductoHealthContributorAutoConfigurationTests {

	@RegisterExtension
	static ReductoEmulatorExtension reducto = new ReductoEmulatorExtension();

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(reductoWith(ReductoHealthContributorAutoConfiguration.class))
		.withPropertyValues(emulatorProperties(reducto.emulator()))
		.withPropertyValues("reducto.retry.enabled=false");

	@Test
	void upWhenTheApiAnswersWithDetailsButNeverTheKey() {
		this.contextRunner.run((context) -> {
			Health health = context.getBean("reductoHealthIndicator", ReactiveHealthIndicator.class)
				.health()
				.block(TIMEOUT);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("baseUrl", reducto.emulator().baseUrl().toString())
				.containsKeys("latency", "trackedJobs", "recentJobs");
			assertThat(health.toString()).doesNotContain(reducto.emulator().apiKey());
			assertThat(reducto.emulator().requests()).singleElement()
				.satisfies((request) -> assertThat(request.rawQuery()).isEqualTo("limit=1&exclude_configs=true"));
		});
	}

	@Test
	void downWhenTheApiCannotBeReached() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		this.contextRunner.withPropertyValues("reducto.base-url=http://127.0.0.1:" + closedPort).run((context) -> {
			Health health = indicator(context).health().block(TIMEOUT);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails().get("reason").toString()).contains("cannot reach");
		});
	}

	@Test
	void downWhenTheKeyIsRejected() {
		this.contextRunner.withPropertyValues("reducto.api-key=sk-wrong-key").run((context) -> {
			Health health = indicator(context).health().block(TIMEOUT);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails().get("reason").toString()).contains("API key was rejected (401)");
			assertThat(health.toString()).doesNotContain("sk-wrong-key");
		});
	}

	@Test
	void downWhenTheServerFails() {
		reducto.emulator().injectFault(Fault.status(503).on("GET", "/jobs"));
		this.contextRunner.run((context) -> {
			Health health = indicator(context).health().block(TIMEOUT);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails().get("reason").toString()).contains("503");
		});
	}

	@Test
	void aSlowApiCannotMakeTheProbeHang() {
		reducto.emulator().injectFault(Fault.delay(Duration.ofSeconds(5)).on("GET", "/jobs"));
		this.contextRunner.withPropertyValues("reducto.health.timeout=300ms").run((context) -> {
			Health health = indicator(context).health().block(TIMEOUT);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails().get("reason").toString()).contains("no answer within PT0.3S");
		});
	}

	@Test
	void resultsAreReusedSoProbesDoNotEatTheRateLimit() {
		this.contextRunner.run((context) -> {
			ReactiveHealthIndicator indicator = indicator(context);
			for (int i = 0; i < 5; i++) {
				assertThat(indicator.health().block(TIMEOUT).getStatus()).isEqualTo(Status.UP);
			}
			assertThat(reducto.emulator().requestCount("GET", "/jobs")).isEqualTo(1);
		});
	}

	@Test
	void degradedWhenTooManyRecentJobsFailed() {
		reducto.emulator().scriptNextJobs(failing(6));
		this.contextRunner.withPropertyValues("reducto.health.minimum-ended-jobs=10").run((context) -> {
			trackTenJobs(context.getBean(ReactiveJobOperations.class));
			Health health = indicator(context).health().block(TIMEOUT);
			assertThat(health.getStatus()).isEqualTo(ReductoHealthIndicator.DEGRADED);
			assertThat(health.getDetails().get("reason").toString()).contains("6 of 10 jobs");
			assertThat((Map<String, Object>) health.getDetails().get("recentJobs")).containsEntry("failureRatio", 0.6);
		});
	}

	@Test
	void tooManyFailuresCanBeReportedAsDown() {
		reducto.emulator().scriptNextJobs(failing(6));
		this.contextRunner.withPropertyValues("reducto.health.failure-status=down").run((context) -> {
			trackTenJobs(context.getBean(ReactiveJobOperations.class));
			assertThat(indicator(context).health().block(TIMEOUT).getStatus()).isEqualTo(Status.DOWN);
		});
	}

	@Test
	void invalidFailureStatusFailsStartupWhenBoundNamingTheProperty() {
		this.contextRunner.withPropertyValues("reducto.health.failure-status=sad").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(IllegalArgumentException.class)
				.rootCause()
				.hasMessageContaining("FailureStatus.sad");
			assertThat(context.getStartupFailure()).hasStackTraceContaining("reducto.health.failure-status");
		});
	}

	@Test
	void switchedOffByManagementProperty() {
		this.contextRunner.withPropertyValues("management.health.reducto.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("reductoHealthIndicator"));
	}

	@Test
	void backsOffForAUserIndicatorOfTheSameName() {
		ReactiveHealthIndicator mine = () -> Mono.just(Health.up().withDetail("mine", true).build());
		this.contextRunner.withBean("reductoHealthIndicator", ReactiveHealthIndicator.class, () -> mine)
			.run((context) -> assertThat(context.getBean("reductoHealthIndicator")).isSameAs(mine));
	}

	@Test
	void backsOffWithoutActuatorHealth() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(AbstractReactiveHealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("reductoHealthIndicator"));
	}

	private static ReactiveHealthIndicator indicator(org.springframework.context.ApplicationContext context) {
		return context.getBean("reductoHealthIndicator", ReactiveHealthIndicator.class);
	}

	private static JobScript[] failing(int failures) {
		JobScript[] scripts = new JobScript[10];
		for (int i = 0; i < 10; i++) {
			scripts[i] = (i < failures) ? JobScript.failsAfter(Duration.ZERO, Duration.ZERO, "corrupt")
					: JobScript.completesImmediately();
		}
		return scripts;
	}

	private static void trackTenJobs(ReactiveJobOperations operations) {
		Flux.range(0, 10)
			.flatMap((i) -> operations.submitAndAwait(SubmitRequest.parse("https://x.com/" + i + ".pdf").build(),
					Duration.ofSeconds(10)))
			.blockLast(TIMEOUT);
	}

}
