package io.github.reductospring.autoconfigure.cleanup;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.reductospring.autoconfigure.ReductoConfigurationException;
import io.github.reductospring.client.cleanup.CleanupReport;
import io.github.reductospring.emulator.Fault;
import io.github.reductospring.emulator.JobScript;
import io.github.reductospring.emulator.ReductoEmulator;
import io.github.reductospring.emulator.ReductoEmulatorExtension;

import static io.github.reductospring.autoconfigure.ReductoTestSetup.emulatorProperties;
import static io.github.reductospring.autoconfigure.ReductoTestSetup.reductoWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ReductoCleanupAutoConfiguration} and {@link ReductoCleanupSweep}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReductoCleanupAutoConfigurationTests {

	@RegisterExtension
	static ReductoEmulatorExtension reducto = new ReductoEmulatorExtension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(reductoWith(ReductoCleanupAutoConfiguration.class))
		.withPropertyValues(emulatorProperties(reducto.emulator()));

	private static ReductoEmulator emulator() {
		return reducto.emulator();
	}

	private static String oldJob() {
		return emulator().seedJobCreatedAt("Parse", JobScript.completesImmediately(),
				Instant.now().minus(Duration.ofDays(40)));
	}

	/** The message of the configuration error behind a startup failure (what the failure analysis shows). */
	private static String configurationProblem(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ReductoConfigurationException problem) {
				return problem.getMessage();
			}
		}
		throw new AssertionError("No ReductoConfigurationException behind " + failure);
	}

	@Test
	void aScheduledSweepDoesNotHoldTheSchedulersThread() {
		oldJob();
		emulator().injectFault(Fault.delay(Duration.ofSeconds(3)).on("GET", "/jobs"));
		this.contextRunner.withPropertyValues("reducto.cleanup.enabled=true").run((context) -> {
			ReductoCleanupSweep sweep = context.getBean(ReductoCleanupSweep.class);
			// What the schedule runs returns while the sweep goes on: the scheduler's thread is free for other tasks.
			sweep.startSweep();
			assertThat(sweep.isSweeping()).isTrue();
			await().atMost(Duration.ofSeconds(10)).until(() -> !sweep.isSweeping());
		});
	}

	@Test
	void stoppingCancelsARunningSweep() {
		oldJob();
		emulator().injectFault(Fault.delay(Duration.ofSeconds(20)).on("GET", "/jobs"));
		this.contextRunner.withPropertyValues("reducto.cleanup.enabled=true").run((context) -> {
			ReductoCleanupSweep sweep = context.getBean(ReductoCleanupSweep.class);
			sweep.startSweep();
			assertThat(sweep.isSweeping()).isTrue();
			sweep.stop();
			assertThat(sweep.isSweeping()).isFalse();
		});
	}

	@Test
	void offByDefault() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ReductoCleanupSweep.class));
	}

	@Test
	void dryRunByDefaultReportsWithOneSummaryLineAndDeletesNothing(CapturedOutput output) {
		String id = oldJob();
		this.contextRunner.withPropertyValues("reducto.cleanup.enabled=true").run((context) -> {
			Optional<CleanupReport> report = context.getBean(ReductoCleanupSweep.class).runNow();
			assertThat(report).get().satisfies((r) -> {
				assertThat(r.dryRun()).isTrue();
				assertThat(r.selected()).isEqualTo(1);
			});
			assertThat(emulator().isDeleted(id)).isFalse();
			assertThat(output).contains("Reducto cleanup (dry run): 1 jobs examined, 1 selected, 0 deleted (dry run)");
		});
	}

	@Test
	void deletesWhenDryRunIsSwitchedOffAndRecordsMetrics() {
		String id = oldJob();
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("reducto.cleanup.enabled=true", "reducto.cleanup.dry-run=false",
					"reducto.cleanup.retention=30d")
			.run((context) -> {
				assertThat(context.getBean(ReductoCleanupSweep.class).runNow()).get()
					.satisfies((report) -> assertThat(report.deleted()).isEqualTo(1));
				assertThat(emulator().isDeleted(id)).isTrue();
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("reducto.cleanup.deleted").counter().count()).isEqualTo(1);
				assertThat(registry.get("reducto.cleanup.failures").counter().count()).isZero();
				assertThat(registry.get("reducto.cleanup.duration").tag("dry_run", "false").timer().count())
					.isEqualTo(1);
			});
	}

	@Test
	void runsNeverOverlap() {
		oldJob();
		emulator().injectFault(Fault.delay(Duration.ofMillis(500)).on("GET", "/jobs"));
		this.contextRunner.withPropertyValues("reducto.cleanup.enabled=true").run((context) -> {
			ReductoCleanupSweep sweep = context.getBean(ReductoCleanupSweep.class);
			CompletableFuture<Optional<CleanupReport>> first = CompletableFuture.supplyAsync(sweep::runNow);
			await().atMost(Duration.ofSeconds(5)).until(() -> emulator().requestCount("GET", "/jobs") > 0);
			assertThat(sweep.runNow()).isEmpty();
			assertThat(first.get()).isPresent();
			assertThat(emulator().requestCount("GET", "/jobs")).isEqualTo(1);
		});
	}

	@Test
	void runsOnItsCronSchedule() {
		oldJob();
		this.contextRunner.withPropertyValues("reducto.cleanup.enabled=true", "reducto.cleanup.schedule=* * * * * *")
			.run((context) -> {
				await().atMost(Duration.ofSeconds(5)).until(() -> emulator().requestCount("GET", "/jobs") > 0);
				assertThat(emulator().requestCount("GET", "/jobs")).isPositive();
			});
	}

	@Test
	void aRetentionOfZeroOrLessFailsStartup() {
		for (String retention : new String[] { "0s", "-1d" }) {
			this.contextRunner
				.withPropertyValues("reducto.cleanup.enabled=true", "reducto.cleanup.retention=" + retention)
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(configurationProblem(context.getStartupFailure())).contains("reducto.cleanup.retention must be positive");
				});
		}
	}

	@Test
	void eachRefusedSettingGetsItsOwnAdvice() {
		this.contextRunner.withPropertyValues("reducto.cleanup.enabled=true", "reducto.cleanup.statuses=pending")
			.run((context) -> assertThat(configurationAction(context.getStartupFailure()))
				.contains("reducto.cleanup.statuses", "completed, failed, cancelled")
				.doesNotContain("retention"));
		this.contextRunner.withPropertyValues("reducto.cleanup.enabled=true", "reducto.cleanup.concurrency=100")
			.run((context) -> assertThat(configurationAction(context.getStartupFailure()))
				.contains("reducto.cleanup.concurrency", "1 and 64")
				.doesNotContain("retention"));
		this.contextRunner.withPropertyValues("reducto.cleanup.enabled=true", "reducto.cleanup.retention=0s")
			.run((context) -> assertThat(configurationAction(context.getStartupFailure()))
				.contains("reducto.cleanup.retention", "30d"));
	}

	private static String configurationAction(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ReductoConfigurationException problem) {
				return problem.getAction();
			}
		}
		throw new AssertionError("No ReductoConfigurationException behind " + failure);
	}

	@Test
	void anInvalidScheduleOrStatusFailsStartup() {
		this.contextRunner.withPropertyValues("reducto.cleanup.enabled=true", "reducto.cleanup.schedule=daily")
			.run((context) -> assertThat(configurationProblem(context.getStartupFailure())).contains("reducto.cleanup.schedule"));
		this.contextRunner.withPropertyValues("reducto.cleanup.enabled=true", "reducto.cleanup.statuses=pending")
			.run((context) -> assertThat(configurationProblem(context.getStartupFailure())).contains("reducto.cleanup.statuses"));
	}

}
