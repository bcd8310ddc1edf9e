package io.github.reductospring.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import io.github.reductospring.emulator.JobScript;
import io.github.reductospring.emulator.ReductoEmulator;
import io.github.reductospring.tracking.jdbc.JdbcTrackedJobRegistry;

/**
 * Several application instances (separate JVMs, {@link ClusterInstance}) sharing one PostgreSQL (embedded, real
 * PostgreSQL 17) and one emulator, which delivers Svix webhooks to a random live instance through a router; the jobs
 * are submitted across the instances and end within a minute; the instance that polls is killed ({@code SIGKILL})
 * after {@code --kill-after-s} and started again {@code --restart-after-s} later; with {@code --freeze}, stopped
 * ({@code SIGSTOP}, as a long GC pause) instead and resumed then; with {@code --kill-after-s 0}, no instance fails.
 * With {@code --await} each instance awaits every job it submitted, and the report gives how long after each job's end
 * its wait ended. Once without webhooks, once with.
 * Reports terminal events per job (from every instance's output), webhook answers other than 2xx, API requests per
 * job, the busiest second, report latency from each job's end, database transactions and table bytes per job, and
 * the takeover time.
 * Each instance logs to {@code reducto-cluster-<mode>-<name>.log} in the temporary directory.
 *
 * <pre>
 * java -cp benchmarks/target/reducto-benchmarks.jar -Dloader.main=io.github.reductospring.benchmarks.ClusterBenchmark \
 *     org.springframework.boot.loader.launch.PropertiesLauncher [--jobs 10000] [--instances 3] [--finish-within-s 60]
 *     [--kill-after-s 30] [--restart-after-s 15] [--freeze] [--await] [--modes polling,webhooks]
 * </pre>
 */
public final class ClusterBenchmark {

	/** The application id the instances share. */
	static final String APPLICATION = "cluster-benchmark";

	private final Options options;

	ClusterBenchmark(Options options) {
		this.options = options;
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		List<Result> results = new ClusterBenchmark(options).run();
		BenchmarkOutput.publishAndExit(report(options, results), options.report());
	}

	List<Result> run() throws Exception {
		List<Result> results = new ArrayList<>();
		for (String mode : this.options.modes()) {
			results.add(runMode(mode.equals("webhooks")));
		}
		return results;
	}

	private Result runMode(boolean webhooks) throws Exception {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
				WebhookRouter router = WebhookRouter.start();
				BenchmarkEmulator emulator = startEmulator(webhooks ? router.url() : null)) {
			new ResourceDatabasePopulator(new DefaultResourceLoader().getResource(JdbcTrackedJobRegistry.postgresqlSchema()))
				.execute(postgres.getPostgresDatabase());
			JdbcTemplate database = new JdbcTemplate(postgres.getPostgresDatabase());
			String jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
			Run run = new Run(this.options.await());
			long transactionsBefore = transactions(database);
			Map<String, Long> requestsBefore = emulator.stats();
			List<ClusterInstanceProcess> instances = new CopyOnWriteArrayList<>();
			int share = this.options.jobs() / this.options.instances();
			for (int i = 0; i < this.options.instances(); i++) {
				int jobs = share + ((i == 0) ? this.options.jobs() % this.options.instances() : 0);
				instances.add(ClusterInstanceProcess.start("i" + (i + 1), jobs, jdbcUrl, emulator.baseUrl(), webhooks,
						this.options, run));
			}
			for (ClusterInstanceProcess instance : instances) {
				instance.awaitReady();
				router.add(instance);
			}
			// From here on: the instances' JVMs have started, however long that took on this machine.
			long started = System.nanoTime();
			RequestSampler sampler = RequestSampler.start(emulator);
			long takeoverMs = -1;
			if (!this.options.killAfter().isZero()) {
				takeoverMs = fault(database, instances, router, jdbcUrl, emulator, webhooks, run, started);
			}
			// Done when every instance has submitted (or died) and every submitted job has been reported, or at the timeout.
			long deadline = started + this.options.timeout().toNanos();
			while (System.nanoTime() < deadline
					&& !(instances.stream().allMatch(ClusterInstanceProcess::doneSubmitting) && run.allReported())) {
				TimeUnit.MILLISECONDS.sleep(200);
			}
			Duration wall = Duration.ofNanos(System.nanoTime() - started);
			long busiest = sampler.stop();
			Map<String, Long> requestsAfter = emulator.stats();
			long transactions = transactions(database) - transactionsBefore;
			long tableBytes = tableBytesPerJob(database);
			for (ClusterInstanceProcess instance : instances) {
				instance.stop();
			}
			return run.result(webhooks ? "webhooks" : "polling", this.options.jobs(), requestsBefore, requestsAfter,
					busiest, transactions, takeoverMs, router.refused(), router.delivered(), wall, tableBytes);
		}
	}

	/** Kills (or freezes) the poller once, and starts it again (or resumes it) later; the takeover's milliseconds. */
	private long fault(JdbcTemplate database, List<ClusterInstanceProcess> instances, WebhookRouter router,
			String jdbcUrl, BenchmarkEmulator emulator, boolean webhooks, Run run, long started) throws Exception {
		sleepUntil(started, this.options.killAfter());
		String poller = leaseHolder(database);
		ClusterInstanceProcess killed = instances.stream()
			.filter((instance) -> instance.name().equals(poller))
			.findFirst()
			.orElse(instances.get(0));
		router.remove(killed);
		if (this.options.freeze()) {
			killed.signal("STOP");
		}
		else {
			killed.kill();
		}
		long killedAt = System.nanoTime();
		long takeoverMs = awaitTakeover(database, killed.name(), killedAt);
		sleepUntil(killedAt, this.options.restartAfter());
		if (this.options.freeze()) {
			// It wakes up believing it still polls: what it does then is what fencing is for.
			killed.signal("CONT");
			router.add(killed);
		}
		else {
			ClusterInstanceProcess restarted = ClusterInstanceProcess.start(killed.name() + "-restarted", 0, jdbcUrl,
					emulator.baseUrl(), webhooks, this.options, run);
			restarted.awaitReady();
			router.add(restarted);
			instances.add(restarted);
		}
		return takeoverMs;
	}

	private BenchmarkEmulator startEmulator(URI webhookTarget) throws Exception {
		long pendingMs = 500;
		long minProcessingMs = 1000;
		long spreadMs = Math.max(1, this.options.finishWithin().toMillis() - pendingMs - minProcessingMs);
		if (this.options.inProcessEmulator()) {
			return BenchmarkEmulator.inProcess(ReductoEmulator.builder()
				.recordRequests(false)
				.webhookTarget(webhookTarget)
				.defaultScripts(JobScript.randomly(pendingMs, minProcessingMs, spreadMs, 0))
				.build()
				.start());
		}
		List<String> arguments = new ArrayList<>(List.of("--pending-ms", Long.toString(pendingMs), "--processing-ms",
				Long.toString(minProcessingMs), "--processing-spread-ms", Long.toString(spreadMs)));
		if (webhookTarget != null) {
			arguments.addAll(List.of("--webhook-target", webhookTarget.toString()));
		}
		return BenchmarkEmulator.startProcess(this.options.emulatorJar(), arguments);
	}

	private static long transactions(JdbcTemplate database) {
		Long count = database.queryForObject("SELECT SUM(xact_commit + xact_rollback) FROM pg_stat_database",
				Long.class);
		return (count != null) ? count : 0;
	}

	private static String leaseHolder(JdbcTemplate database) {
		List<String> owners = database.queryForList(
				"SELECT owner FROM reducto_poller_lease WHERE application_id = ? AND expires_at > CURRENT_TIMESTAMP",
				String.class, APPLICATION);
		return owners.isEmpty() ? "" : owners.get(0);
	}

	/** What the job table and its indexes take per row, once every job ended: what the retention keeps. */
	private static long tableBytesPerJob(JdbcTemplate database) {
		Long bytes = database.queryForObject("SELECT pg_total_relation_size('reducto_tracked_job')", Long.class);
		Long rows = database.queryForObject("SELECT COUNT(*) FROM reducto_tracked_job", Long.class);
		return (bytes != null && rows != null && rows > 0) ? bytes / rows : -1;
	}

	/** Milliseconds from the kill until another instance holds the lease; -1 if none did within a minute. */
	private static long awaitTakeover(JdbcTemplate database, String killed, long killedAt) throws InterruptedException {
		while (System.nanoTime() - killedAt < TimeUnit.MINUTES.toNanos(1)) {
			String holder = leaseHolder(database);
			if (!holder.isEmpty() && !holder.equals(killed)) {
				return Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
			}
			TimeUnit.MILLISECONDS.sleep(100);
		}
		return -1;
	}

	private static void sleepUntil(long since, Duration after) throws InterruptedException {
		long remaining = since + after.toNanos() - System.nanoTime();
		if (remaining > 0) {
			TimeUnit.NANOSECONDS.sleep(remaining);
		}
	}

	static String report(Options options, List<Result> results) {
		StringBuilder report = new StringBuilder();
		String fault = options.killAfter().isZero() ? "no instance fails"
				: String.format(Locale.ROOT, "the poller %s after %d s, %s %d s later",
						options.freeze() ? "frozen (SIGSTOP)" : "killed (SIGKILL)", options.killAfter().toSeconds(),
						options.freeze() ? "resumed (SIGCONT)" : "started again", options.restartAfter().toSeconds());
		report.append(String.format(Locale.ROOT,
				"%d jobs across %d instances (separate JVMs), ending within %d s; %s%s; one embedded PostgreSQL 17; "
						+ "%d cores.%n%n",
				options.jobs(), options.instances(), options.finishWithin().toSeconds(), fault,
				options.await() ? "; each job awaited on the instance that submitted it" : "",
				Runtime.getRuntime().availableProcessors()));
		report.append("| mode | ends exactly once | missing | duplicated | webhooks not 2xx | tracking requests/job "
				+ "| all requests/job | busiest second | report p50 | report p99 | DB transactions/job "
				+ "| table bytes/job | await p50 / p99 | takeover | wall |\n");
		report.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (Result result : results) {
			report.append(String.format(Locale.ROOT,
					"| %s | %d / %d | %d | %d | %s | %.2f | %.2f | %d | %d ms | %d ms | %.1f | %d | %s | %d ms "
							+ "| %d s |%n",
					result.mode(), result.exactlyOnce(), result.submitted(), result.missing(), result.duplicated(),
					result.mode().equals("webhooks") ? result.webhooksRefused() + " of " + result.webhooksDelivered()
							: "-",
					result.trackingRequestsPerJob(), result.requestsPerJob(), result.busiestSecond(), result.p50Ms(),
					result.p99Ms(), result.transactionsPerJob(), result.tableBytesPerJob(),
					options.await() ? result.awaitP50Ms() + " ms / " + result.awaitP99Ms() + " ms" : "-",
					result.takeoverMs(),
					result.wall().toSeconds()));
		}
		return report.toString();
	}

	/** What one mode measured. */
	record Result(String mode, int submitted, long exactlyOnce, long missing, long duplicated, long webhooksRefused,
			long webhooksDelivered, double trackingRequestsPerJob, double requestsPerJob, long busiestSecond, long p50Ms,
			long p99Ms, double transactionsPerJob, long takeoverMs, Duration wall, long tableBytesPerJob,
			long awaitP50Ms, long awaitP99Ms) {
	}

	/** What the instances of one mode reported. */
	static final class Run {

		private final Set<String> submitted = ConcurrentHashMap.newKeySet();

		private final Map<String, AtomicInteger> ends = new ConcurrentHashMap<>();

		private final ConcurrentLinkedQueue<Long> latenciesMs = new ConcurrentLinkedQueue<>();

		private final ConcurrentLinkedQueue<Long> awaitLatenciesMs = new ConcurrentLinkedQueue<>();

		private final Set<String> awaited = ConcurrentHashMap.newKeySet();

		private final boolean await;

		Run(boolean await) {
			this.await = await;
		}

		void line(String line) {
			String[] parts = line.split(" ");
			if (parts[0].equals("SUBMITTED")) {
				this.submitted.add(parts[1]);
			}
			else if ((parts[0].equals("AWAITED") || parts[0].equals("AWAIT-FAILED")) && parts.length >= 2) {
				this.awaited.add(parts[1]);
				if (parts[0].equals("AWAITED") && parts.length == 4 && Long.parseLong(parts[2]) > 0) {
					this.awaitLatenciesMs.add(Math.max(0, Long.parseLong(parts[3]) - Long.parseLong(parts[2])));
				}
			}
			else if (parts[0].equals("END") && parts.length == 5) {
				this.ends.computeIfAbsent(parts[1], (id) -> new AtomicInteger()).incrementAndGet();
				long completed = Long.parseLong(parts[3]);
				if (completed > 0) {
					this.latenciesMs.add(Math.max(0, Long.parseLong(parts[4]) - completed));
				}
			}
		}

		boolean allReported() {
			return this.ends.keySet().containsAll(this.submitted)
					&& (!this.await || this.awaited.containsAll(this.submitted));
		}

		Result result(String mode, int jobs, Map<String, Long> before, Map<String, Long> after, long busiest,
				long transactions, long takeoverMs, long webhooksRefused, long webhooksDelivered, Duration wall,
				long tableBytesPerJob) {
			int submitted = this.submitted.size();
			long exactlyOnce = this.submitted.stream()
				.filter((id) -> this.ends.containsKey(id) && this.ends.get(id).get() == 1)
				.count();
			long missing = this.submitted.stream().filter((id) -> !this.ends.containsKey(id)).count();
			long duplicated = this.ends.values().stream().filter((count) -> count.get() > 1).count();
			long tracking = delta(before, after, "GET /job/{jobId}") + delta(before, after, "GET /jobs");
			long all = after.values().stream().mapToLong(Long::longValue).sum()
					- before.values().stream().mapToLong(Long::longValue).sum();
			List<Long> sorted = new ArrayList<>(this.latenciesMs);
			Collections.sort(sorted);
			List<Long> awaits = new ArrayList<>(this.awaitLatenciesMs);
			Collections.sort(awaits);
			double perJob = Math.max(1, submitted);
			return new Result(mode, submitted, exactlyOnce, missing, duplicated, webhooksRefused, webhooksDelivered,
					tracking / perJob, all / perJob, busiest, percentile(sorted, 50), percentile(sorted, 99),
					transactions / perJob, takeoverMs, wall, tableBytesPerJob, percentile(awaits, 50),
					percentile(awaits, 99));
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

	}

	/** What to run. */
	record Options(int jobs, int instances, Duration finishWithin, Duration submitWithin, Duration killAfter,
			Duration restartAfter, Duration timeout, List<String> modes, Path report, boolean inProcessEmulator,
			Path emulatorJar, boolean freeze, boolean await) {

		static Options parse(String[] args) throws IOException {
			int jobs = 10_000;
			int instances = 3;
			long finishWithin = 60;
			long submitWithin = 20;
			long killAfter = 30;
			long restartAfter = 15;
			long timeout = 240;
			List<String> modes = List.of("polling", "webhooks");
			Path report = Path.of("benchmarks/target/cluster-report.md");
			boolean inProcess = false;
			boolean freeze = false;
			boolean await = false;
			Path jar = Path.of(TrackingBenchmark.Options.defaultEmulatorJar());
			for (int i = 0; i < args.length; i++) {
				String value = (i + 1 < args.length) ? args[i + 1] : "";
				switch (args[i]) {
					case "--jobs" -> jobs = Integer.parseInt(value);
					case "--instances" -> instances = Integer.parseInt(value);
					case "--finish-within-s" -> finishWithin = Long.parseLong(value);
					case "--submit-within-s" -> submitWithin = Long.parseLong(value);
					case "--kill-after-s" -> killAfter = Long.parseLong(value);
					case "--restart-after-s" -> restartAfter = Long.parseLong(value);
					case "--timeout-s" -> timeout = Long.parseLong(value);
					case "--modes" -> modes = List.of(value.split(","));
					case "--report" -> report = Path.of(value);
					case "--emulator-jar" -> jar = Path.of(value);
					case "--in-process-emulator" -> {
						inProcess = true;
						continue;
					}
					case "--freeze" -> {
						freeze = true;
						continue;
					}
					case "--await" -> {
						await = true;
						continue;
					}
					default -> throw new IllegalArgumentException("Unknown option " + args[i]);
				}
				i++;
			}
			if (instances < 2) {
				throw new IllegalArgumentException("--instances must be 2 or more: one is killed, got " + instances);
			}
			return new Options(jobs, instances, Duration.ofSeconds(finishWithin), Duration.ofSeconds(submitWithin),
					Duration.ofSeconds(killAfter), Duration.ofSeconds(restartAfter), Duration.ofSeconds(timeout), modes,
					report, inProcess, jar, freeze, await);
		}

	}

}
