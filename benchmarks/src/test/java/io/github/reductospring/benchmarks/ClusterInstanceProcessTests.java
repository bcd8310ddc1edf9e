package io.github.reductospring.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for {@link ClusterInstanceProcess}: an instance that dies while starting fails the run at once, saying
 * where its log is, instead of being waited for.
 */
class ClusterInstanceProcessTests {

	@Test
	void anInstanceThatExitsBeforeItIsReadyFailsAtOnceNamingItsLog(@TempDir Path dir) throws Exception {
		Path log = dir.resolve("i9.log");
		// A JVM that ends at once with an error, as an instance does whose webhook port is taken.
		Process process = new ProcessBuilder(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-no-such-option"))
			.redirectError(log.toFile())
			.start();
		ClusterInstanceProcess instance = ClusterInstanceProcess.of("i9", process, log, 0,
				new ClusterBenchmark.Run(false));
		assertTimeoutPreemptively(Duration.ofSeconds(60),
				() -> assertThatIllegalStateException().isThrownBy(instance::awaitReady)
					.withMessageContaining("Instance i9 exited with code 1 before it was ready")
					.withMessageContaining(log.toString()));
	}

}
