package io.github.reductospring.benchmarks;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the cluster harness working: two instance JVMs, a few jobs, the poller killed and started again, in both
 * modes. Figures are reported, never asserted on time; what must hold whatever the machine's speed is asserted.
 */
class ClusterBenchmarkSmokeTests {

	@Test
	void everyJobIsReportedAfterThePollerIsKilledAndRestarted(@TempDir Path dir) throws Exception {
		ClusterBenchmark.Options options = ClusterBenchmark.Options.parse(new String[] { "--jobs", "40", "--instances",
				"2", "--finish-within-s", "4", "--submit-within-s", "1", "--kill-after-s", "3", "--restart-after-s",
				"2", "--timeout-s", "120", "--in-process-emulator", "--report", dir.resolve("report.md").toString() });
		List<ClusterBenchmark.Result> results = new ClusterBenchmark(options).run();
		assertThat(results).extracting(ClusterBenchmark.Result::mode).containsExactly("polling", "webhooks");
		assertThat(results).allSatisfy((result) -> {
			// The killed instance submits its share only as far as it got by the kill: on a loaded machine, not all.
			assertThat(result.submitted()).isBetween(1, 40);
			// Nothing lost across the kill: every job submitted has its end reported (once, but for the kill's window).
			assertThat(result.missing()).isZero();
			assertThat(result.exactlyOnce() + result.duplicated()).isEqualTo(result.submitted());
			assertThat(result.takeoverMs()).isPositive();
		});
		assertThat(results.get(1).webhooksDelivered()).isPositive();
		assertThat(ClusterBenchmark.report(options, results)).contains("| polling |", "| webhooks |");
	}

	@Test
	void withNoFaultEveryWaitEndsAndIsReported(@TempDir Path dir) throws Exception {
		ClusterBenchmark.Options options = ClusterBenchmark.Options.parse(new String[] { "--jobs", "20", "--instances",
				"2", "--finish-within-s", "3", "--submit-within-s", "1", "--kill-after-s", "0", "--await",
				"--timeout-s", "120", "--in-process-emulator", "--modes", "webhooks", "--report",
				dir.resolve("report.md").toString() });
		List<ClusterBenchmark.Result> results = new ClusterBenchmark(options).run();
		assertThat(results).singleElement().satisfies((result) -> {
			assertThat(result.submitted()).isEqualTo(20);
			assertThat(result.exactlyOnce()).isEqualTo(20);
			assertThat(result.awaitP50Ms()).as("every wait ended").isNotNegative();
			assertThat(result.takeoverMs()).isEqualTo(-1);
		});
		assertThat(ClusterBenchmark.report(options, results)).contains("no instance fails", "awaited");
	}

	@Test
	void everyJobIsReportedWhenThePollerIsFrozenPastItsLease(@TempDir Path dir) throws Exception {
		// Frozen for 10 s, past the 8 s lease: another instance takes over, and the frozen one wakes up as the poller.
		ClusterBenchmark.Options options = ClusterBenchmark.Options.parse(new String[] { "--jobs", "20", "--instances",
				"2", "--finish-within-s", "4", "--submit-within-s", "1", "--kill-after-s", "3", "--restart-after-s",
				"10", "--timeout-s", "120", "--in-process-emulator", "--freeze", "--modes", "webhooks", "--report",
				dir.resolve("report.md").toString() });
		List<ClusterBenchmark.Result> results = new ClusterBenchmark(options).run();
		assertThat(results).singleElement().satisfies((result) -> {
			assertThat(result.submitted()).isBetween(1, 20);
			assertThat(result.missing()).isZero();
			assertThat(result.exactlyOnce() + result.duplicated()).isEqualTo(result.submitted());
			assertThat(result.takeoverMs()).isPositive();
		});
		assertThat(ClusterBenchmark.report(options, results)).contains("frozen (SIGSTOP)", "resumed (SIGCONT)");
	}

}
