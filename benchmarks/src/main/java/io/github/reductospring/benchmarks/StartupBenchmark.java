package io.github.reductospring.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * What the starter adds to an application's context refresh: {@link StartupProbe} started {@code --starts} times
 * (10) with the starter and as many without, in turn, each in a fresh JVM; medians and ranges. No request is made at
 * startup: the probe's base URL points at a closed port. Options {@code --starts}, {@code --probe-xmx} (the probes'
 * heap, e.g. {@code 256m}; the JVM's default otherwise), {@code --probe-option} (any other option for the probes'
 * JVMs, repeatable: {@code -XX:SharedArchiveFile=...} to start them from a CDS archive), {@code --floor} (also as
 * many starts with only the starter's properties bound: what any starter with these properties costs),
 * {@code --baseline} (another build's benchmarks jar, or class path: as many starts with its starter, and the change
 * from it paired by round, the steadiest comparison of two builds here), {@code --class-path MODE=PATH} and
 * {@code --mode-option MODE=OPTION} (a class path, or a JVM option, for one mode's probes only: an application
 * processed ahead of time for that mode, its own CDS archive; {@code benchmarks/startup-aot.sh} uses them) and
 * {@code --report} ({@code benchmarks/target/startup-report.md}).
 */
public final class StartupBenchmark {

	private StartupBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int starts = 10;
		List<String> jvmOptions = new ArrayList<>();
		Path report = Path.of("benchmarks/target/startup-report.md");
		List<String> modes = new ArrayList<>(List.of("without", "with"));
		Map<String, String> classPaths = new LinkedHashMap<>();
		Map<String, List<String>> modeOptions = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--starts" -> starts = Integer.parseInt(args[++i]);
				case "--report" -> report = Path.of(args[++i]);
				case "--probe-xmx" -> jvmOptions.add("-Xmx" + args[++i]);
				case "--probe-option" -> jvmOptions.add(args[++i]);
				case "--floor" -> modes.add("floor");
				case "--baseline" -> {
					classPaths.put("baseline", args[++i]);
					modes.add("baseline");
				}
				case "--class-path" -> {
					String[] modeAndPath = forMode("--class-path", args[++i]);
					classPaths.put(modeAndPath[0], modeAndPath[1]);
				}
				case "--mode-option" -> {
					String[] modeAndOption = forMode("--mode-option", args[++i]);
					modeOptions.computeIfAbsent(modeAndOption[0], (mode) -> new ArrayList<>()).add(modeAndOption[1]);
				}
				default -> throw new IllegalArgumentException("Unknown option " + args[i]);
			}
		}
		BenchmarkOutput.publishAndExit(run(starts, jvmOptions, modes, classPaths, modeOptions), report);
	}

	/**
	 * {@code MODE=VALUE} split in two, the mode checked.
	 * @throws IllegalArgumentException naming the option and the modes there are, if it is not of that form
	 */
	static String[] forMode(String option, String argument) {
		int equals = argument.indexOf('=');
		String mode = (equals > 0) ? argument.substring(0, equals) : "";
		if (!LABELS.containsKey(mode) || equals == argument.length() - 1) {
			throw new IllegalArgumentException(option + " takes MODE=VALUE, MODE one of " + new TreeSet<>(LABELS.keySet())
					+ ", got '" + argument + "'");
		}
		return new String[] { mode, argument.substring(equals + 1) };
	}

	/**
	 * Starts the probe {@code starts} times in each mode, in turn, and reports.
	 * @param jvmOptions the options of every probe's JVM
	 * @param modes {@code without}, {@code with}, and optionally {@code floor} and {@code baseline}
	 * @param classPaths the class path of a mode's probes where it is not this JVM's (the {@code baseline} mode's is
	 * the baseline build's)
	 * @param modeOptions more JVM options for the probes of one mode
	 * @return the report
	 */
	static String run(int starts, List<String> jvmOptions, List<String> modes, Map<String, String> classPaths,
			Map<String, List<String>> modeOptions) throws Exception {
		if (modes.contains("baseline") && !classPaths.containsKey("baseline")) {
			throw new IllegalArgumentException("The baseline mode needs the baseline build's class path (--baseline)");
		}
		Map<String, List<double[]>> measured = new LinkedHashMap<>();
		modes.forEach((mode) -> measured.put(mode, new ArrayList<>()));
		for (int i = 0; i < starts; i++) {
			// The order rotates: the second start of a pair measured slower than the first on this machine.
			for (int m = 0; m < modes.size(); m++) {
				String mode = modes.get((i + m) % modes.size());
				List<String> options = new ArrayList<>(jvmOptions);
				options.addAll(modeOptions.getOrDefault(mode, List.of()));
				measured.get(mode).add(start(mode.equals("baseline") ? "with" : mode, options,
						classPaths.getOrDefault(mode, System.getProperty("java.class.path"))));
			}
		}
		StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "# Startup benchmark%n%nJava %s, %d cores, "
				+ "probe JVM options: %s%s; %d starts each, in turn (the order rotating), each in a fresh JVM. Context refresh "
				+ "of a small application whose service injects `JobOperations`:%n%n"
				+ "| | refresh median ms | min ms | max ms | process CPU median ms | starter's beans median ms "
				+ "| classes loaded by the end of the refresh | MB allocated by then |%n|---|---|---|---|---|---|---|---|%n",
				System.getProperty("java.version"),
				Runtime.getRuntime().availableProcessors(), jvmOptions.isEmpty() ? "JVM defaults" : String.join(" ", jvmOptions),
				perMode(modes, classPaths, modeOptions), starts));
		measured.forEach((mode, runs) -> text.append(String.format(Locale.ROOT,
				"| %s | %.1f | %.1f | %.1f | %.1f | %s | %s | %s |%n", LABELS.get(mode), median(column(runs, 0)),
				min(column(runs, 0)), max(column(runs, 0)), median(column(runs, 1)),
				mode.equals("without") ? "" : String.format(Locale.ROOT, "%.1f", median(column(runs, 2))),
				counted(median(column(runs, 3)), "%.0f"), counted(median(column(runs, 4)), "%.1f"))));
		double[] added = medianDifferenceInterval(column(measured.get("with"), 0), column(measured.get("without"), 0));
		List<Double> addedInRound = differenceByRound(measured.get("with"), measured.get("without"));
		double[] addedInRoundInterval = medianInterval(addedInRound);
		text.append(String.format(Locale.ROOT, "%nThe starter adds %.1f ms to the refresh (difference of the medians; "
				+ "95%% interval by resampling the starts: %.1f to %.1f ms), %.1f ms paired by round (median over rounds "
				+ "of the difference within a round, where the two starts ran back to back; %.1f to %.1f ms)",
				medianChange(measured, "with", "without", 0), added[0], added[1], median(addedInRound),
				addedInRoundInterval[0], addedInRoundInterval[1]));
		text.append(String.format(Locale.ROOT, "; it makes the JVM load %.0f more classes during the refresh and the "
				+ "refreshing thread allocate %.1f MB more (counts that vary far less from start to start than times: "
				+ "garbage moves collections, which on a start this short may land inside the refresh or not)",
				medianChange(measured, "with", "without", 3), medianChange(measured, "with", "without", 4)));
		if (measured.containsKey("floor")) {
			double[] floor = medianDifferenceInterval(column(measured.get("floor"), 0),
					column(measured.get("without"), 0));
			text.append(String.format(Locale.ROOT, "; binding its properties alone adds %.1f ms (%.1f to %.1f ms)",
					medianChange(measured, "floor", "without", 0), floor[0], floor[1]));
		}
		if (measured.containsKey("baseline")) {
			List<Double> change = differenceByRound(measured.get("with"), measured.get("baseline"));
			double[] interval = medianInterval(change);
			double classesChange = medianChange(measured, "with", "baseline", 3);
			text.append(String.format(Locale.ROOT, "; against the baseline build (%s), the refresh with the starter "
					+ "differs by %.1f ms (median over rounds of the difference within a round; %.1f to %.1f ms), the "
					+ "starter's beans by %.1f ms and %s", classPaths.get("baseline"), median(change), interval[0], interval[1],
					medianChange(measured, "with", "baseline", 2),
					Double.isNaN(classesChange) ? "the baseline build does not count the classes it loads"
							: String.format(Locale.ROOT, "the classes loaded by %.0f", classesChange)));
		}
		text.append(String.format(Locale.ROOT, ".%n%nProcess CPU: every thread's (JIT compilers and GC too) until the "
				+ "application ran. The starter's beans: each bean's own creation time (less that of beans it made "
				+ "Boot create), summed over the starter's beans; it spreads far less than the refresh, and leaves out "
				+ "the starter's auto-configuration conditions and what it makes the JIT compile.%n"));
		return text.toString();
	}

	/** What only some modes' probes run with, as the report's first paragraph names it. */
	private static String perMode(List<String> modes, Map<String, String> classPaths,
			Map<String, List<String>> modeOptions) {
		StringBuilder text = new StringBuilder();
		for (String mode : modes) {
			if (modeOptions.containsKey(mode) || (classPaths.containsKey(mode) && !mode.equals("baseline"))) {
				text.append(String.format(Locale.ROOT, "; %s: class path %s, more options %s", LABELS.get(mode),
						classPaths.getOrDefault(mode, "the benchmark's"),
						String.join(" ", modeOptions.getOrDefault(mode, List.of("none")))));
			}
		}
		return text.toString();
	}

	/** The figures the probe prints that {@link #start} reads. */
	private static final List<String> FIGURES = List.of("REFRESH_MS", "CPU_MS", "STARTER_BEANS_MS", "REFRESH_CLASSES",
			"REFRESH_ALLOCATED_MB");

	private static final Map<String, String> LABELS = Map.of("without", "without the starter", "with",
			"with the starter", "floor", "only the starter's properties bound", "baseline",
			"with the starter of the baseline build");

	/** A count as the report shows it: {@code n/a} where the build measured (a baseline) does not count it. */
	private static String counted(double value, String format) {
		return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
	}

	/**
	 * The refresh of one mode less that of another, round by round: a round's starts ran back to back, so the
	 * machine's drift between rounds (another process, a slower hour) cancels out, which it does not between medians.
	 */
	static List<Double> differenceByRound(List<double[]> first, List<double[]> second) {
		List<Double> differences = new ArrayList<>(first.size());
		for (int i = 0; i < first.size(); i++) {
			differences.add(first.get(i)[0] - second.get(i)[0]);
		}
		return differences;
	}

	/** One mode's median of a column less another's. */
	private static double medianChange(Map<String, List<double[]>> measured, String mode, String from, int index) {
		return median(column(measured.get(mode), index)) - median(column(measured.get(from), index));
	}

	private static List<Double> column(List<double[]> runs, int index) {
		return runs.stream().map((run) -> run[index]).toList();
	}

	/**
	 * One start: its context refresh, the process's CPU time and the starter's own bean creation, in ms, the classes
	 * loaded by the end of the refresh and the MB the refreshing thread allocated by then.
	 */
	private static double[] start(String mode, List<String> jvmOptions, String classPath) throws Exception {
		Process probe = new ProcessBuilder(
				JavaProcess.command(StartupProbe.class, jvmOptions, List.of(mode), classPath))
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		// Each figure on a line of its own: "NAME value".
		Map<String, Double> printed = new HashMap<>();
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(probe.getInputStream(),
				StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				String[] nameAndValue = line.split(" ", 2);
				if (nameAndValue.length == 2 && FIGURES.contains(nameAndValue[0])) {
					printed.put(nameAndValue[0], Double.parseDouble(nameAndValue[1]));
				}
			}
		}
		if (probe.waitFor() != 0 || !printed.containsKey("REFRESH_MS") || !printed.containsKey("CPU_MS")) {
			throw new IllegalStateException("The startup probe (" + mode + ") failed with exit code " + probe.exitValue());
		}
		// Builds before the counts were printed (a baseline) give none.
		return new double[] { printed.get("REFRESH_MS"), printed.get("CPU_MS"),
				printed.getOrDefault("STARTER_BEANS_MS", 0.0), printed.getOrDefault("REFRESH_CLASSES", Double.NaN),
				printed.getOrDefault("REFRESH_ALLOCATED_MB", Double.NaN) };
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	/**
	 * Where the difference of two medians lies, 95 times in 100 (bootstrap over the starts, fixed seed). Starts on
	 * this machine vary by far more than the starter costs; this says how far the difference measured can be trusted.
	 */
	private static double[] medianDifferenceInterval(List<Double> first, List<Double> second) {
		return interval95((random) -> median(resample(first, random)) - median(resample(second, random)));
	}

	/** Where the median of these values lies, 95 times in 100 (bootstrap, fixed seed). */
	private static double[] medianInterval(List<Double> values) {
		return interval95((random) -> median(resample(values, random)));
	}

	/** The 2.5th and 97.5th percentiles of a statistic over 2,000 resamplings. */
	private static double[] interval95(ToDoubleFunction<Random> resampled) {
		Random random = new Random(42);
		double[] values = new double[2000];
		for (int i = 0; i < values.length; i++) {
			values[i] = resampled.applyAsDouble(random);
		}
		Arrays.sort(values);
		return new double[] { values[(int) (values.length * 0.025)], values[(int) (values.length * 0.975)] };
	}

	private static List<Double> resample(List<Double> values, Random random) {
		List<Double> drawn = new ArrayList<>(values.size());
		for (int i = 0; i < values.size(); i++) {
			drawn.add(values.get(random.nextInt(values.size())));
		}
		return drawn;
	}

	private static double min(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
	}

	private static double max(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
	}

}
