package io.github.reductospring.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the cleanup harness working with a small run against the emulator process (figures are not asserted).
 */
class CleanupBenchmarkSmokeTests {

	@Test
	void dryRunThenDeleteOverTheSeededJobs() throws Exception {
		String report = CleanupBenchmark.run(300, null);
		assertThat(report).contains("| dry run | 300 | 300 | 0 | 0 | 1 | 0 |", "| delete | 300 | 300 | 300 | 0 | 1 | 300 |");
	}

}
