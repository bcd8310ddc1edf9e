package io.github.reductospring.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@link HttpClientBenchmark} briefly, so that the harness keeps working; its numbers are not asserted.
 */
class HttpClientBenchmarkSmokeTests {

	@Test
	void everyClientIsMeasuredAndReported() throws Exception {
		HttpClientBenchmark.Result result = HttpClientBenchmark.run("--warmup-s", "1", "--measure-s", "1", "--rounds",
				"1", "--listings", "1", "--report", "target/http-client-smoke.md");
		assertThat(result.gets()).hasSize(8).allSatisfy((get) -> assertThat(get.units()).isPositive());
		// Each listing is checked to return all jobs, or the run fails.
		assertThat(result.lists()).hasSize(6)
			.allSatisfy((list) -> assertThat(list.units()).isEqualTo(StaticReductoServer.JOBS));
		assertThat(result.report()).contains("this client, blocking (starter)", "plain WebClient", "Spring connector",
				"| `get`, paired by round |", "| list all, paired by round |");
	}

}
