package io.github.reductospring.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Keeps the startup harness working with one start per mode (figures are reported, never asserted): the baseline is
 * this same build.
 */
class StartupBenchmarkSmokeTests {

	@Test
	void reportsEveryModeAndTheChangeFromTheBaseline() throws Exception {
		String classPath = System.getProperty("java.class.path");
		String report = StartupBenchmark.run(1, List.of(), List.of("without", "with", "floor", "baseline"),
				Map.of("baseline", classPath, "with", classPath), Map.of("with", List.of("-Xshare:auto")));
		assertThat(report).contains("| without the starter |", "| with the starter |",
				"| only the starter's properties bound |", "| with the starter of the baseline build |",
				"The starter adds", "paired by round", "against the baseline build",
				"with the starter: class path " + classPath + ", more options -Xshare:auto");
		// Counts, unlike times, are the same at every start: the starter's own classes at least.
		Matcher classes = Pattern.compile("load (-?\\d+) more classes during the refresh and the refreshing thread "
				+ "allocate (-?[0-9.]+) MB more").matcher(report);
		assertThat(classes.find()).as(report).isTrue();
		assertThat(Integer.parseInt(classes.group(1))).isPositive();
		assertThat(Double.parseDouble(classes.group(2))).isPositive();
		// Against itself, the same classes, give or take one loaded at a different moment from start to start.
		Matcher sameBuild = Pattern.compile("and the classes loaded by (-?\\d+)").matcher(report);
		assertThat(sameBuild.find()).as(report).isTrue();
		assertThat(Math.abs(Integer.parseInt(sameBuild.group(1)))).isLessThanOrEqualTo(2);
	}

	@Test
	void refusesAnOptionForAModeThereIsNot() {
		assertThatIllegalArgumentException().isThrownBy(() -> StartupBenchmark.forMode("--mode-option", "-Xmx1g"))
			.withMessage("--mode-option takes MODE=VALUE, MODE one of [baseline, floor, with, without], got '-Xmx1g'");
		assertThatIllegalArgumentException().isThrownBy(() -> StartupBenchmark.forMode("--class-path", "with="));
		assertThat(StartupBenchmark.forMode("--mode-option", "without=-XX:SharedArchiveFile=a=b.jsa"))
			.containsExactly("without", "-XX:SharedArchiveFile=a=b.jsa");
	}

	@Test
	void pairsTheStartsOfARoundSoThatTheMachinesDriftCancelsOut() {
		// The machine slowed down by 300 ms between the rounds: within each, the starter added 10 and 20 ms.
		List<double[]> with = List.of(new double[] { 100 }, new double[] { 420 });
		List<double[]> without = List.of(new double[] { 90 }, new double[] { 400 });
		assertThat(StartupBenchmark.differenceByRound(with, without)).containsExactly(10.0, 20.0);
	}

}
