package io.github.reductospring.benchmarks;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.ReductoClientBuilder;
import io.github.reductospring.client.SubmitRequest;
import io.github.reductospring.client.http.RateLimitSettings;
import io.github.reductospring.client.http.ReductoCallObserver;
import io.github.reductospring.client.http.ReductoHttpPipeline;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.tracking.JobTracker;
import io.github.reductospring.client.tracking.PollingSettings;
import io.github.reductospring.client.tracking.TrackingSettings;
import io.github.reductospring.client.webhook.WebhookReceiver;
import io.github.reductospring.client.webhook.WebhookSettings;
import io.github.reductospring.emulator.ReductoEmulator;
import io.github.reductospring.tracking.jdbc.JdbcClusterCoordination;
import io.github.reductospring.tracking.jdbc.JdbcTrackedJobRegistry;
import io.github.reductospring.tracking.jdbc.JdbcTrackingSettings;
import tools.jackson.databind.json.JsonMapper;

/**
 * One application instance of {@link ClusterBenchmark}, in a JVM of its own: the client, a tracker on the shared
 * JDBC registry, a webhook receiver; it submits its share of the jobs and reports on standard output, one line each,
 * {@code READY <webhook port>} once started, {@code SUBMITTED <id>} and
 * {@code END <id> <status> <completedAt ms> <published at ms>} for every end its tracker publishes. Arguments:
 * {@code --name --jdbc-url --emulator-url --jobs --submit-within-s --webhook-port (0: any free port) --webhooks
 * --rate-share}.
 */
public final class ClusterInstance {

	private ClusterInstance() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i], args[i + 1]);
		}
		String name = options.get("--name");
		int jobs = Integer.parseInt(options.getOrDefault("--jobs", "0"));
		boolean webhooks = Boolean.parseBoolean(options.getOrDefault("--webhooks", "false"));
		boolean await = Boolean.parseBoolean(options.getOrDefault("--await", "false"));
		double rateShare = Double.parseDouble(options.getOrDefault("--rate-share", "1"));
		Duration submitWithin = Duration.ofSeconds(Long.parseLong(options.getOrDefault("--submit-within-s", "20")));
		PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

		HikariConfig pool = new HikariConfig();
		pool.setJdbcUrl(options.get("--jdbc-url"));
		pool.setMaximumPoolSize(4);
		HikariDataSource dataSource = new HikariDataSource(pool);
		JdbcTrackedJobRegistry registry = new JdbcTrackedJobRegistry(dataSource,
				JdbcTrackingSettings.of(ClusterBenchmark.APPLICATION).withInstanceId(name));
		WebhookSettings webhook = new WebhookSettings(WebhookSettings.Mode.SVIX, ReductoEmulator.DEFAULT_SIGNING_SECRET,
				null, null, List.of(), 64 * 1024);
		// Each instance paces its requests at its share of the key's overall limit. Job reads stay at the default: here
		// only the poller reads jobs (once each, for the result), and a third of 180/s would starve it.
		RateLimitSettings rate = new RateLimitSettings(true, RateLimitSettings.DEFAULTS.requestsPerSecond() * rateShare,
				RateLimitSettings.DEFAULTS.jobReadsPerSecond());
		// Reads per job, for the log at shutdown: where tracking requests beyond one per job come from.
		Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
		ReductoClientBuilder builder = ReactiveJobOperations.builder()
			.baseUrl(URI.create(options.get("--emulator-url")))
			.apiKey(ReductoEmulator.DEFAULT_API_KEY)
			.rateLimit(rate)
			.observer((call) -> {
				if (call.operation().equals("get_job") && call.jobId() != null) {
					reads.computeIfAbsent(call.jobId(), (id) -> new AtomicInteger())
						.incrementAndGet();
				}
				return ReductoCallObserver.CallObservation.NOOP;
			});
		if (webhooks) {
			builder.webhook(webhook);
		}
		ReductoHttpPipeline pipeline = builder.buildPipeline();
		TrackingSettings tracking = TrackingSettings.DEFAULTS.withWebhooksExpected(webhooks)
			.withApplicationId(ClusterBenchmark.APPLICATION);
		JobTracker tracker = new JobTracker(ReductoClientBuilder.jobSource(pipeline), tracking, PollingSettings.DEFAULTS,
				registry, new JdbcClusterCoordination(registry, tracking.bulkInterval()));
		// The application's listener, as the starter's event bridge registers it: an end is marked published once it
		// returned.
		tracker.deliverTo((update) -> {
			Job job = update.job();
			if (job.isTerminal()) {
				Instant completed = job.completedAt();
				out.println("END " + job.jobId() + " " + job.status() + " "
						+ ((completed != null) ? completed.toEpochMilli() : -1) + " " + System.currentTimeMillis());
			}
		});
		tracker.start();
		ReactiveJobOperations operations = builder.build(pipeline, tracker);
		WebhookReceiver webhookReceiver = new WebhookReceiver(webhook, tracker, JsonMapper.shared());
		HttpServer receiver = BenchmarkOutput.startWebhookEndpoint(Integer.parseInt(options.get("--webhook-port")),
				() -> webhookReceiver, 8);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			Map<Integer, Long> histogram = new TreeMap<>();
			reads.values().forEach((count) -> histogram.merge(count.get(), 1L, Long::sum));
			System.err.println("Reads per job (reads -> jobs): " + histogram);
			System.err.println("Reads by reason: " + tracker.readsByReason());
			receiver.stop(0);
			tracker.close();
			pipeline.close();
			dataSource.close();
			stopped.countDown();
		}));
		out.println("READY " + receiver.getAddress().getPort());
		if (jobs > 0) {
			// In batches every 100 ms: a timer per job slips on a loaded machine.
			long batches = Math.max(1, submitWithin.toMillis() / 100);
			int perBatch = (int) Math.ceil(jobs / (double) batches);
			Flux.interval(Duration.ZERO, Duration.ofMillis(100))
				.take(batches)
				.onBackpressureBuffer()
				.concatMap((batch) -> Flux.range((int) (batch * perBatch), perBatch).filter((i) -> i < jobs))
				.flatMap((i) -> operations.submit(SubmitRequest.parse("https://example.com/" + name + "/" + i + ".pdf").build())
					.doOnNext((id) -> {
						out.println("SUBMITTED " + id);
						if (await) {
							// As a service that waits for each job it submitted; the end may reach another instance.
							operations.await(id, Duration.ofMinutes(5)).subscribe((job) -> {
								Instant completed = job.completedAt();
								long completedMs = (completed != null) ? completed.toEpochMilli() : -1;
								out.println("AWAITED " + id + " " + completedMs + " " + System.currentTimeMillis());
							}, (error) -> out.println("AWAIT-FAILED " + id + " " + error));
						}
					})
					.onErrorResume((error) -> {
						out.println("SUBMIT-FAILED " + error);
						return Mono.empty();
					}), 64)
				.blockLast();
			out.println("SUBMISSIONS-DONE");
		}
		stopped.await();
	}

}
