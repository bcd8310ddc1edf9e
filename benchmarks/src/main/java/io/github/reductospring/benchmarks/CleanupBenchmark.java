package io.github.reductospring.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.reductospring.client.JobOperations;
import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.cleanup.CleanupReport;
import io.github.reductospring.client.cleanup.CleanupRequest;
import io.github.reductospring.emulator.ReductoEmulator;

/**
 * Cleans up a large job list on the emulator (its own process, seeded with old completed jobs): a dry run, then a
 * real run, reporting jobs examined and deleted, requests, time, and the cleaning JVM's threads and heap.
 * <pre>
 * java -cp benchmarks/target/reducto-benchmarks.jar -Dloader.main=io.github.reductospring.benchmarks.CleanupBenchmark \
 *     org.springframework.boot.loader.launch.PropertiesLauncher [--jobs 100000]
 * </pre>
 */
public final class CleanupBenchmark {

	public static void main(String[] args) throws Exception {
		int jobs = 100_000;
		for (int i = 0; i < args.length - 1; i++) {
			if (args[i].equals("--jobs")) {
				jobs = Integer.parseInt(args[i + 1]);
			}
		}
		System.out.println(run(jobs, null));
	}

	static String run(int jobs, Path emulatorJar) throws Exception {
		TrackingBenchmark.Options options = TrackingBenchmark.Options.parse(new String[0]);
		Path jar = (emulatorJar != null) ? emulatorJar : options.emulatorJar();
		StringBuilder out = new StringBuilder("## Cleaning up " + jobs + " jobs older than the retention\n\n"
				+ "| run | examined | selected | deleted | failed | GET /jobs | DELETE /job | time | threads (start → peak) "
				+ "| heap retained growth |\n|---|---|---|---|---|---|---|---|---|---|\n");
		try (BenchmarkEmulator emulator = BenchmarkEmulator.startProcess(jar,
				List.of("--seed-jobs", Integer.toString(jobs), "--seed-age-days", "40"))) {
			JobOperations operations = JobOperations.blocking(ReactiveJobOperations.builder()
				.baseUrl(emulator.baseUrl())
				.apiKey(ReductoEmulator.DEFAULT_API_KEY)
				.build());
			for (boolean dryRun : new boolean[] { true, false }) {
				Map<String, Long> before = emulator.stats();
				ResourceSampler resources = ResourceSampler.start();
				CleanupReport report = operations
					.cleanup(CleanupRequest.olderThan(Duration.ofDays(30)).withDryRun(dryRun).withConcurrency(8));
				ResourceSampler.Usage usage = resources.stop();
				Map<String, Long> after = emulator.stats();
				out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %.1f s | %d → %d | %.1f MB |%n",
						dryRun ? "dry run" : "delete", report.examined(), report.selected(), report.deleted(),
						report.failed(), after.getOrDefault("GET /jobs", 0L) - before.getOrDefault("GET /jobs", 0L),
						after.getOrDefault("DELETE /job/{jobId}", 0L) - before.getOrDefault("DELETE /job/{jobId}", 0L),
						report.took().toMillis() / 1000.0, usage.threadsAtStart(), usage.peakThreads(),
						usage.retainedGrowthBytes() / 1024.0 / 1024.0));
			}
		}
		return out.toString();
	}

}
