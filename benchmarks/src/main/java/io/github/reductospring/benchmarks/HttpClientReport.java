package io.github.reductospring.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.github.reductospring.benchmarks.HttpClientBenchmark.Measurement;

/** What {@link HttpClientBenchmark} reports from its rounds: the median round of each variant, and paired ratios. */
final class HttpClientReport {

	private HttpClientReport() {
	}

	/** The main tables: each variant's median round, with its ratios to the raw client (the first variant). */
	static String report(List<Measurement> gets, List<Measurement> lists, Duration measure, int inFlight,
			int listings, int rounds, String server) {
		StringBuilder out = new StringBuilder();
		out.append("# HTTP client benchmark\n\n");
		out.append(String.format(Locale.ROOT, "Java %s, %d cores, max heap %d MB, server: %s, on the same "
				+ "machine. `get`: %d calls in flight for %d s; listing: all %,d jobs in pages of %d, %d time(s); after "
				+ "a warm-up, in %d rounds, each variant once per round: the median round of each.%n%n",
				System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
				Runtime.getRuntime().maxMemory() >> 20, server, inFlight, measure.toSeconds(), StaticReductoServer.JOBS,
				StaticReductoServer.PAGE, listings, rounds));
		out.append("| `get` | calls/s | ratio to raw | p50 ms | p99 ms | CPU us/call | ratio to raw | GCs |\n");
		out.append("|---|---|---|---|---|---|---|---|\n");
		Measurement rawGet = gets.get(0);
		for (Measurement get : gets) {
			out.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %.2f | %.1f | %.2f | %d |%n",
					get.name(), get.perSecond(), get.perSecond() / rawGet.perSecond(), get.percentileMs(50),
					get.percentileMs(99), get.cpuMicrosPerUnit(), get.cpuMicrosPerUnit() / rawGet.cpuMicrosPerUnit(),
					get.collections()));
		}
		out.append("\n| list all | jobs/s | ratio to raw | CPU us/job | GCs |\n|---|---|---|---|---|\n");
		Measurement rawList = lists.get(0);
		for (Measurement list : lists) {
			out.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %d |%n", list.name(),
					list.perSecond(), list.perSecond() / rawList.perSecond(), list.cpuMicrosPerUnit(),
					list.collections()));
		}
		return out.toString();
	}

	/**
	 * Each variant's ratios to the raw client in the same round, the median over rounds: the machine's drift from one
	 * round to the next cancels out of each ratio, where the median rounds of two variants may be far apart in time.
	 */
	static String paired(String what, List<List<Measurement>> rounds) {
		if (rounds.isEmpty() || rounds.get(0).isEmpty()) {
			return "";
		}
		StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%n| %s, paired by round | rate ratio to raw "
				+ "(median, min-max) | CPU ratio to raw (median) |%n|---|---|---|%n", what));
		for (int variant = 1; variant < rounds.get(0).size(); variant++) {
			int index = variant;
			List<Double> rates = rounds.stream()
				.map((round) -> round.get(index).perSecond() / round.get(0).perSecond())
				.sorted()
				.toList();
			List<Double> cpu = rounds.stream()
				.map((round) -> round.get(index).cpuMicrosPerUnit() / round.get(0).cpuMicrosPerUnit())
				.sorted()
				.toList();
			out.append(String.format(Locale.ROOT, "| %s | %.2f (%.2f-%.2f) | %.2f |%n", rounds.get(0).get(index).name(),
					rates.get(rates.size() / 2), rates.get(0), rates.get(rates.size() - 1), cpu.get(cpu.size() / 2)));
		}
		return out.toString();
	}

	/** For each variant, its round with the median rate. */
	static List<Measurement> medians(List<List<Measurement>> rounds) {
		List<Measurement> medians = new ArrayList<>();
		for (int variant = 0; variant < rounds.get(0).size(); variant++) {
			int index = variant;
			List<Measurement> sorted = rounds.stream()
				.map((round) -> round.get(index))
				.sorted(Comparator.comparingDouble(Measurement::perSecond))
				.toList();
			medians.add(sorted.get(sorted.size() / 2));
		}
		return medians;
	}

}
