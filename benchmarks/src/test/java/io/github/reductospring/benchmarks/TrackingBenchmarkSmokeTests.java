package io.github.reductospring.benchmarks;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.reductospring.client.tracking.TrackingSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the benchmark harness working: a tiny run of every scenario (figures are reported, never asserted on time).
 */
class TrackingBenchmarkSmokeTests {

	@Test
	void everyScenarioRunsAndReports(@TempDir Path dir) throws Exception {
		TrackingBenchmark.Options options = TrackingBenchmark.Options.parse(new String[] { "--jobs", "30",
				"--finish-within-s", "3", "--in-process-emulator", "--report", dir.resolve("report.md").toString() });
		List<TrackingBenchmark.Result> results = new TrackingBenchmark(options).run();
		assertThat(results).extracting(TrackingBenchmark.Result::scenario)
			.containsExactly("naive", "tracker", "webhooks");
		assertThat(results).allSatisfy((result) -> {
			assertThat(result.failed()).isZero();
			assertThat(result.jobReads()).isGreaterThanOrEqualTo(result.jobs());
		});
		// With webhooks each job costs its one result read, and the list is read only by the safety net: one scan at
		// the start and one per interval after, whatever the speed of this machine.
		TrackingBenchmark.Result webhooks = results.get(2);
		long safetyNetScans = 1 + webhooks.wall().toNanos() / TrackingSettings.DEFAULTS.webhookInterval().toNanos();
		assertThat(webhooks.jobReads()).isEqualTo(webhooks.jobs());
		assertThat(webhooks.listReads()).isBetween(1L, safetyNetScans);
		assertThat(TrackingBenchmark.report(options, results)).contains("| naive |", "| tracker |", "| webhooks |");
	}

}
