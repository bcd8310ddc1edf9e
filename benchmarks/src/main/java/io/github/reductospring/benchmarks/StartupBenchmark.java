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
 * at startup: the probe's base URL points at a closed port. Option {@code --report}
 * ({@code benchmarks/target/startup-report.md}).
 */
public final class StartupBenchmark {

	private StartupBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int starts = 10;
		Path report = Path.of("benchmarks/target/startup-report.md");
		for (int i = 0; i + 1 < args.length; i += 2) {
			switch (args[i]) {
				case "--starts" -> starts = Integer.parseInt(args[i + 1]);
				case "--report" -> report = Path.of(args[i + 1]);
				default -> throw new IllegalArgumentException("Unknown option " + args[i]);
			}
		}
		List<Double> with = new ArrayList<>();
		List<Double> without = new ArrayList<>();
		for (int i = 0; i < starts; i++) {
			without.add(refreshMs("without"));
			with.add(refreshMs("with"));
		}
		double added = median(with) - median(without);
		String text = String.format(Locale.ROOT, "# Startup benchmark%n%nJava %s, %d cores; %d starts each, "
				+ "alternately, each in a fresh JVM. Context refresh of a small application whose service injects "
				+ "`JobOperations`:%n%n| | median ms | min ms | max ms |%n|---|---|---|---|%n"
				+ "| without the starter | %.1f | %.1f | %.1f |%n| with the starter | %.1f | %.1f | %.1f |%n%n"
				+ "The starter adds %.1f ms (difference of the medians).%n", System.getProperty("java.version"),
				Runtime.getRuntime().availableProcessors(), starts, median(without), min(without), max(without),
				median(with), min(with), max(with), added);
		BenchmarkOutput.publishAndExit(text, report);
	}

	private static double refreshMs(String mode) throws Exception {
		Process probe = new ProcessBuilder(JavaProcess.command(StartupProbe.class, List.of("-Xmx256m"), List.of(mode)))
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		Double refresh = null;
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(probe.getInputStream(),
				StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.startsWith("REFRESH_MS ")) {
					refresh = Double.parseDouble(line.substring("REFRESH_MS ".length()));
				}
			}
		}
		if (probe.waitFor() != 0 || refresh == null) {
			throw new IllegalStateException("The startup probe (" + mode + ") failed with exit code " + probe.exitValue());
		}
		return refresh;
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
