package io.github.reductospring.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the starter adds to an application's context refresh: {@link StartupProbe} started {@code --starts} times
 * (10) with the starter and as many without, alternately, each in a fresh JVM; medians and ranges. No request is made
 * at startup: the probe's base URL points at a closed port. Options {@code --starts}, {@code --probe-xmx} (the
 * probes' heap, e.g. {@code 256m}; the JVM's default otherwise) and {@code --report}
 * ({@code benchmarks/target/startup-report.md}).
 */
public final class StartupBenchmark {

	private StartupBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int starts = 10;
		List<String> jvmOptions = List.of();
		Path report = Path.of("benchmarks/target/startup-report.md");
		for (int i = 0; i + 1 < args.length; i += 2) {
			switch (args[i]) {
				case "--starts" -> starts = Integer.parseInt(args[i + 1]);
				case "--report" -> report = Path.of(args[i + 1]);
				case "--probe-xmx" -> jvmOptions = List.of("-Xmx" + args[i + 1]);
				default -> throw new IllegalArgumentException("Unknown option " + args[i]);
			}
		}
		List<Double> with = new ArrayList<>();
		List<Double> without = new ArrayList<>();
		List<Double> cpuWith = new ArrayList<>();
		List<Double> cpuWithout = new ArrayList<>();
		List<Double> starterBeans = new ArrayList<>();
		for (int i = 0; i < starts; i++) {
			// The order alternates: the second start of a pair measured slower than the first on this machine.
			for (String mode : (i % 2 == 0) ? List.of("without", "with") : List.of("with", "without")) {
				double[] measured = start(mode, jvmOptions);
				(mode.equals("with") ? with : without).add(measured[0]);
				(mode.equals("with") ? cpuWith : cpuWithout).add(measured[1]);
				if (mode.equals("with")) {
					starterBeans.add(measured[2]);
				}
			}
		}
		double added = median(with) - median(without);
		String text = String.format(Locale.ROOT, "# Startup benchmark%n%nJava %s, %d cores, probe heap %s; %d starts each, "
				+ "alternately (the order of each pair alternating too), each in a fresh JVM. Context refresh of a small application whose service injects "
				+ "`JobOperations`:%n%n| | median ms | min ms | max ms |%n|---|---|---|---|%n"
				+ "| without the starter | %.1f | %.1f | %.1f |%n| with the starter | %.1f | %.1f | %.1f |%n%n"
				+ "The starter adds %.1f ms (difference of the medians).%n%n"
				+ "CPU time of the whole process until the application ran (all threads: JIT compilers and GC too), "
				+ "medians: %.1f ms without, %.1f ms with the starter (+%.1f ms).%n%n"
				+ "Creating the starter's beans, each bean's own time (less that of beans it made Boot create), "
				+ "summed: median %.1f ms (min %.1f, max %.1f). It spreads far less than the refresh, and leaves out "
				+ "the starter's auto-configuration conditions and what it makes the JIT compile.%n",
				System.getProperty("java.version"),
				Runtime.getRuntime().availableProcessors(), jvmOptions.isEmpty() ? "JVM default" : jvmOptions.get(0), starts, median(without), min(without), max(without),
				median(with), min(with), max(with), added, median(cpuWithout), median(cpuWith),
				median(cpuWith) - median(cpuWithout), median(starterBeans), min(starterBeans), max(starterBeans));
		BenchmarkOutput.publishAndExit(text, report);
	}

	/** One start: its context refresh, the process's CPU time and the starter's own bean creation, in ms. */
	private static double[] start(String mode, List<String> jvmOptions) throws Exception {
		Process probe = new ProcessBuilder(JavaProcess.command(StartupProbe.class, jvmOptions, List.of(mode)))
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		Double refresh = null;
		Double cpu = null;
		double starterBeans = 0;
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(probe.getInputStream(),
				StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.startsWith("REFRESH_MS ")) {
					refresh = Double.parseDouble(line.substring("REFRESH_MS ".length()));
				}
				if (line.startsWith("CPU_MS ")) {
					cpu = Double.parseDouble(line.substring("CPU_MS ".length()));
				}
				if (line.startsWith("STARTER_BEANS_MS ")) {
					starterBeans = Double.parseDouble(line.substring("STARTER_BEANS_MS ".length()));
				}
			}
		}
		if (probe.waitFor() != 0 || refresh == null || cpu == null) {
			throw new IllegalStateException("The startup probe (" + mode + ") failed with exit code " + probe.exitValue());
		}
		return new double[] { refresh, cpu, starterBeans };
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private static double min(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
	}

	private static double max(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
	}

}
