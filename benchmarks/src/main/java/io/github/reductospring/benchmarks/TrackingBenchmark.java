package io.github.reductospring.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.SubmitRequest;
import io.github.reductospring.client.http.RateLimitSettings;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.tracking.TrackingSettings;
import io.github.reductospring.client.webhook.WebhookReceiver;
import io.github.reductospring.client.webhook.WebhookSettings;
import io.github.reductospring.emulator.JobScript;
import io.github.reductospring.emulator.ReductoEmulator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tracks many jobs on the emulator (run as its own process, so that its threads and heap do not count) and reports,
 * side by side: API requests per job until its end, the time from a job's end to its report, and the threads and
 * heap the tracking JVM used. Scenarios: the naive loop of the official docs (one {@code GET /job/{id}} per job every
 * two seconds), the {@code JobTracker}, and the {@code JobTracker} fed by Svix webhooks.
 * <pre>
 * java -jar benchmarks/target/reducto-benchmarks.jar [--jobs 10000] [--finish-within-s 60]
 *     [--scenarios naive,tracker,webhooks] [--bulk-threshold 8] [--faults 0.1]
 *     [--report benchmarks/target/tracking-report.md]
 * </pre>
 */
public final class TrackingBenchmark {

	private final Options options;

	TrackingBenchmark(Options options) {
		this.options = options;
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		List<Result> results = new TrackingBenchmark(options).run();
		BenchmarkOutput.publishAndExit(report(options, results), options.report());
	}

	List<Result> run() throws Exception {
		List<Result> results = new ArrayList<>();
		for (String scenario : this.options.scenarios()) {
			results.add(runScenario(scenario));
		}
		return results;
	}

	private Result runScenario(String scenario) throws Exception {
		boolean webhooks = scenario.equals("webhooks");
		// The endpoint is bound first, on any free port, as the emulator must be told where to deliver; it answers
		// 503 until the receiver is set, before the first job is submitted.
		AtomicReference<WebhookReceiver> receiver = new AtomicReference<>();
		HttpServer receiverServer = webhooks ? BenchmarkOutput.startWebhookEndpoint(0, receiver::get, 4) : null;
		ReactiveJobOperations operations;
		try (BenchmarkEmulator emulator = startEmulator(this.options, (receiverServer != null)
				? URI.create("http://127.0.0.1:" + receiverServer.getAddress().getPort() + "/hook") : null)) {
			var builder = ReactiveJobOperations.builder().baseUrl(emulator.baseUrl()).apiKey(ReductoEmulator.DEFAULT_API_KEY);
			if (scenario.equals("naive")) {
				// As the official SDKs: no client-side pacing.
				builder.rateLimit(new RateLimitSettings(false, 1, 1));
			}
			if (webhooks) {
				WebhookSettings settings = new WebhookSettings(WebhookSettings.Mode.SVIX, ReductoEmulator.DEFAULT_SIGNING_SECRET,
						null, null, List.of(), 64 * 1024);
				builder.webhook(settings).tracking(TrackingSettings.DEFAULTS.withWebhooksExpected(true));
				operations = builder.build();
				receiver.set(new WebhookReceiver(settings, operations.tracker(), JsonMapper.shared()));
			}
			else {
				operations = builder.tracking(TrackingSettings.DEFAULTS.withBulk(this.options.bulkThreshold(),
						TrackingSettings.DEFAULTS.bulkInterval())).build();
			}
			Result result = measure(scenario, operations, emulator);
			operations.tracker().close();
			return result;
		}
		finally {
			if (receiverServer != null) {
				receiverServer.stop(0);
			}
		}
	}

	private Result measure(String scenario, ReactiveJobOperations operations, BenchmarkEmulator emulator) throws Exception {
		int jobs = this.options.jobs();
		ConcurrentLinkedQueue<Long> latenciesMs = new ConcurrentLinkedQueue<>();
		AtomicInteger failures = new AtomicInteger();
		ResourceSampler resources = ResourceSampler.start();
		Map<String, Long> before = emulator.stats();
		Map<String, Long> statusesBefore = emulator.statuses();
		long started = System.nanoTime();
		// Submissions are bounded; tracking is not, so every job is watched from its submission on.
		Flux.range(0, jobs)
			.flatMap((i) -> operations.submit(SubmitRequest.parse("https://example.com/bench/" + i + ".pdf").build())
				.onErrorResume((error) -> {
					failures.incrementAndGet();
					return Mono.empty();
				}), 64)
			.flatMap((id) -> (scenario.equals("naive") ? naivePoll(operations, id)
					: operations.tracker().track(id, Duration.ofMinutes(10)))
				.doOnNext((job) -> {
					Instant ended = job.completedAt();
					if (ended != null) {
						latenciesMs.add(Math.max(0, Duration.between(ended, Instant.now()).toMillis()));
					}
				})
				.onErrorResume((error) -> {
					failures.incrementAndGet();
					return Mono.empty();
				}), Integer.MAX_VALUE)
			.blockLast();
		Duration wall = Duration.ofNanos(System.nanoTime() - started);
		ResourceSampler.Usage usage = resources.stop();
		Map<String, Long> after = emulator.stats();
		long jobReads = delta(before, after, "GET /job/{jobId}");
		long listReads = delta(before, after, "GET /jobs");
		long rateLimited = delta(statusesBefore, emulator.statuses(), "429");
		List<Long> sorted = new ArrayList<>(latenciesMs);
		Collections.sort(sorted);
		return new Result(scenario, jobs, failures.get(), jobReads, listReads, percentile(sorted, 50),
				percentile(sorted, 99), usage, wall, rateLimited);
	}

	private static BenchmarkEmulator startEmulator(Options options, URI webhookTarget) throws Exception {
		long pendingMs = 500;
		long minProcessingMs = 1000;
		long spreadMs = Math.max(1, options.finishWithin().toMillis() - pendingMs - minProcessingMs);
		if (options.inProcessEmulator()) {
			ReductoEmulator emulator = ReductoEmulator.builder()
				.recordRequests(false)
				.webhookTarget(webhookTarget)
				.defaultScripts(JobScript.randomly(pendingMs, minProcessingMs, spreadMs, 0))
				.build()
				.start();
			return BenchmarkEmulator.inProcess(emulator);
		}
		List<String> arguments = new ArrayList<>(List.of("--pending-ms", Long.toString(pendingMs),
				"--processing-ms", Long.toString(minProcessingMs), "--processing-spread-ms", Long.toString(spreadMs)));
		if (webhookTarget != null) {
			arguments.addAll(List.of("--webhook-target", webhookTarget.toString()));
		}
		if (options.faultShare() > 0) {
			String third = Double.toString(options.faultShare() / 3);
			arguments.addAll(List.of("--error-share", third, "--reset-share", third, "--rate-limit-share", third));
		}
		return BenchmarkEmulator.startProcess(options.emulatorJar(), arguments);
	}

	/** The loop the official docs show: read the job every two seconds until it ends. */
	private static Mono<Job> naivePoll(ReactiveJobOperations operations, String id) {
		return Flux.interval(Duration.ofSeconds(2))
			.concatMap((tick) -> operations.get(id))
			.takeUntil(Job::isTerminal)
			.last();
	}

	static String report(Options options, List<Result> results) {
		StringBuilder out = new StringBuilder();
		out.append("## Tracking ").append(options.jobs()).append(" jobs that finish within ")
			.append(options.finishWithin().toSeconds()).append(" s\n\n");
		if (options.faultShare() > 0) {
			out.append("Random faults on ").append(Math.round(options.faultShare() * 100))
				.append(" % of API requests: 503s, dropped connections and 429s (retry-after: 1), a third each.\n\n");
		}
		out.append("| scenario | requests per job | GET /job/{id} | GET /jobs | report latency p50 | p99 "
				+ "| threads (start → peak) | heap retained growth | wall time | failed | 429s received |\n");
		out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (Result result : results) {
			out.append(String.format(Locale.ROOT,
					"| %s | %.2f | %d | %d | %d ms | %d ms | %d → %d | %.1f MB | %.0f s | %d | %d |%n",
					result.scenario(), result.requestsPerJob(), result.jobReads(), result.listReads(), result.p50Ms(),
					result.p99Ms(), result.usage().threadsAtStart(), result.usage().peakThreads(),
					result.usage().retainedGrowthBytes() / 1024.0 / 1024.0, result.wall().toMillis() / 1000.0,
					result.failed(), result.rateLimited()));
		}
		out.append("\nRequests per job count every API request after the submission (job reads and list pages), ")
			.append("divided by the number of jobs. Latency is from the job's end (its created_at plus duration) to ")
			.append("the moment the client reported it. Threads and heap are those of the tracking JVM; the emulator ")
			.append("runs in its own process. Heap growth is the largest after-GC heap during the run minus the one ")
			.append("before it.\n");
		return out.toString();
	}

	private static long delta(Map<String, Long> before, Map<String, Long> after, String route) {
		return after.getOrDefault(route, 0L) - before.getOrDefault(route, 0L);
	}

	private static long percentile(List<Long> sorted, int percentile) {
		if (sorted.isEmpty()) {
			return -1;
		}
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

	/**
	 * One scenario's figures.
	 */
	record Result(String scenario, int jobs, int failed, long jobReads, long listReads, long p50Ms, long p99Ms,
			ResourceSampler.Usage usage, Duration wall, long rateLimited) {

		double requestsPerJob() {
			return (this.jobReads + this.listReads) / (double) this.jobs;
		}

	}

	/**
	 * What to run.
	 */
	record Options(int jobs, Duration finishWithin, List<String> scenarios, Path report, boolean inProcessEmulator,
			Path emulatorJar, int bulkThreshold, double faultShare) {

		static Options parse(String[] args) throws IOException {
			int jobs = 10_000;
			Duration finishWithin = Duration.ofSeconds(60);
			List<String> scenarios = List.of("naive", "tracker", "webhooks");
			Path report = Path.of("benchmarks/target/tracking-report.md");
			boolean inProcess = false;
			Path jar = Path.of(defaultEmulatorJar());
			int bulkThreshold = TrackingSettings.DEFAULTS.bulkThreshold();
			double faultShare = 0;
			for (int i = 0; i < args.length; i++) {
				String value = (i + 1 < args.length) ? args[i + 1] : "";
				switch (args[i]) {
					case "--jobs" -> jobs = Integer.parseInt(value);
					case "--finish-within-s" -> finishWithin = Duration.ofSeconds(Long.parseLong(value));
					case "--scenarios" -> scenarios = List.of(value.split(","));
					case "--report" -> report = Path.of(value);
					case "--emulator-jar" -> jar = Path.of(value);
					case "--bulk-threshold" -> bulkThreshold = Integer.parseInt(value);
					case "--faults" -> faultShare = Double.parseDouble(value);
					case "--in-process-emulator" -> {
						inProcess = true;
						i--;
					}
					default -> throw new IllegalArgumentException("Unknown option " + args[i]);
				}
				i++;
			}
			return new Options(jobs, finishWithin, scenarios, report, inProcess, jar, bulkThreshold, faultShare);
		}

		static String defaultEmulatorJar() throws IOException {
			try (InputStream in = TrackingBenchmark.class.getResourceAsStream("/benchmarks.properties")) {
				Properties properties = new Properties();
				properties.load(in);
				return properties.getProperty("emulator.jar");
			}
		}

	}

}
