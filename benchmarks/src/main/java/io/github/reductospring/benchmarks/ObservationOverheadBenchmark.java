package io.github.reductospring.benchmarks;

import java.util.List;
import java.util.Locale;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import io.github.reductospring.client.JobOperations;
import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.http.RateLimitSettings;
import io.github.reductospring.client.http.ReductoCall;
import io.github.reductospring.client.http.ReductoCallObserver;
import io.github.reductospring.client.observation.ObservationCallObserver;
import io.github.reductospring.emulator.JobScript;
import io.github.reductospring.emulator.ReductoEmulator;

/**
 * What observing a Reducto call costs: the observer alone (start and stop, no I/O) and a whole {@code get_job} call
 * over loopback HTTP, without an observer, with an observation registry that has no handlers, and with a meter
 * registry recording timers. A plain harness with warm-up and repeated rounds; the spread between rounds is
 * reported with the figures.
 * <pre>
 * java -cp benchmarks/target/reducto-benchmarks.jar -Dloader.main=io.github.reductospring.benchmarks.ObservationOverheadBenchmark \
 *     org.springframework.boot.loader.launch.PropertiesLauncher
 * </pre>
 */
public final class ObservationOverheadBenchmark {

	private static final ReductoCall CALL = new ReductoCall("get_job", "GET", "/job/{jobId}", "job-1");

	public static void main(String[] args) {
		int cycles = 1_000_000;
		int calls = 3_000;
		for (int i = 0; i < args.length - 1; i++) {
			if (args[i].equals("--cycles")) {
				cycles = Integer.parseInt(args[i + 1]);
			}
			if (args[i].equals("--calls")) {
				calls = Integer.parseInt(args[i + 1]);
			}
		}
		System.out.println(run(cycles, calls));
	}

	static String run(int cycles, int calls) {
		// A first pass over every configuration warms the JIT up, so that the order does not favour the last one.
		measure(cycles / 10, calls / 10);
		return measure(cycles, calls);
	}

	private static String measure(int cycles, int calls) {
		StringBuilder out = new StringBuilder("## Cost of observing a Reducto call\n\n");
		out.append("| observer | observer alone, ns per call (best of 5 rounds, worst) | get_job over HTTP, µs per call "
				+ "(best of 3 rounds, worst) |\n|---|---|---|\n");
		for (String name : List.of("none", "registry without handlers", "meter registry")) {
			long[] isolated = new long[5];
			long[] http = new long[3];
			ReductoCallObserver observer = observer(name);
			isolated(observer, cycles / 5);
			for (int round = 0; round < isolated.length; round++) {
				isolated[round] = isolated(observer, cycles);
			}
			try (ReductoEmulator emulator = ReductoEmulator.builder().recordRequests(false).build().start()) {
				ReactiveJobOperations operations = ReactiveJobOperations.builder()
					.baseUrl(emulator.baseUrl())
					.apiKey(emulator.apiKey())
					.rateLimit(new RateLimitSettings(false, 1, 1))
					.observer(observer(name))
					.build();
				JobOperations jobs = JobOperations.blocking(operations);
				String id = emulator.seedJob("Parse", JobScript.completesImmediately());
				timeCalls(jobs, id, calls / 3);
				for (int round = 0; round < http.length; round++) {
					http[round] = timeCalls(jobs, id, calls);
				}
				operations.tracker().close();
			}
			out.append(String.format(Locale.ROOT, "| %s | %d (%d) | %.1f (%.1f) |%n", name, min(isolated),
					max(isolated), min(http) / 1000.0, max(http) / 1000.0));
		}
		return out.toString();
	}

	private static ReductoCallObserver observer(String name) {
		return switch (name) {
			case "none" -> ReductoCallObserver.NOOP;
			case "registry without handlers" -> new ObservationCallObserver(ObservationRegistry.create(), null, null);
			default -> {
				SimpleMeterRegistry meters = new SimpleMeterRegistry();
				ObservationRegistry registry = ObservationRegistry.create();
				registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
				yield new ObservationCallObserver(registry, null, meters);
			}
		};
	}

	/** Nanoseconds per start-and-stop of the observer. */
	private static long isolated(ReductoCallObserver observer, int cycles) {
		long started = System.nanoTime();
		for (int i = 0; i < cycles; i++) {
			observer.start(CALL).stop(null);
		}
		return (System.nanoTime() - started) / cycles;
	}

	/** Nanoseconds per blocking get_job call. */
	private static long timeCalls(JobOperations jobs, String id, int calls) {
		long started = System.nanoTime();
		for (int i = 0; i < calls; i++) {
			jobs.get(id);
		}
		return (System.nanoTime() - started) / calls;
	}

	private static long min(long[] values) {
		long min = Long.MAX_VALUE;
		for (long value : values) {
			min = Math.min(min, value);
		}
		return min;
	}

	private static long max(long[] values) {
		long max = Long.MIN_VALUE;
		for (long value : values) {
			max = Math.max(max, value);
		}
		return max;
	}

}
