package io.github.reductospring.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the observation-overhead harness working with a tiny run (figures are reported, never asserted).
 */
class ObservationOverheadBenchmarkSmokeTests {

	@Test
	void reportsEveryObserver() {
		assertThat(ObservationOverheadBenchmark.run(10_000, 60)).contains("| none |", "| registry without handlers |",
				"| meter registry |");
	}

}
