package io.github.reductospring.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.reductospring.client.JobOperations;
import io.github.reductospring.client.ListQuery;
import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.http.RateLimitSettings;

/**
 * This client next to raw Reactor Netty + Jackson and a plain WebClient, in one JVM, one after the other, against a
 * {@link StaticReductoServer} in a JVM of its own (so that the CPU measured here is the clients' alone):
 * {@code get} at 64 calls in flight (calls/s, p50/p99, CPU per call, collections), and listing all
 * {@value StaticReductoServer#JOBS} jobs in pages of 500 (jobs/s, collections). This client is measured built by its
 * builder and built by the Spring Boot starter, reactive and blocking. Client-side pacing is off: the pace is not
 * what is measured.
 * <p>
 * Options: {@code --warmup-s} (3), {@code --measure-s} (5), {@code --in-flight} (64), {@code --listings} (3),
 * {@code --rounds} (5), {@code --only} (variants whose name contains one of its comma-separated values, and the raw client), {@code --profile}
 * (true: without the raw client), {@code --server-url} (a server already serving
 * {@link StaticReductoServer}'s answers, such as nginx; default: one started in its own JVM), {@code --report} ({@code benchmarks/target/http-client-report.md}).
 */
public final class HttpClientBenchmark {

	private static final String JOB_ID = "a1b9090e-c9ae-420b-9726-f658afbbe338";

	private HttpClientBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Result result = run(args);
		BenchmarkOutput.publishAndExit(result.report(), result.reportFile());
	}

	/** One run with these options: the report, where it belongs, and the medians it shows. */
	record Result(String report, Path reportFile, List<Measurement> gets, List<Measurement> lists) {
	}

	static Result run(String... args) throws Exception {
		Duration warmup = Duration.ofSeconds(3);
		Duration measure = Duration.ofSeconds(5);
		int inFlight = 64;
		int listings = 3;
		int rounds = 5;
		Path report = Path.of("benchmarks/target/http-client-report.md");
		String only = "";
		boolean profile = false;
		URI serverUrl = null;
		for (int i = 0; i + 1 < args.length; i += 2) {
			String value = args[i + 1];
			switch (args[i]) {
				case "--warmup-s" -> warmup = Duration.ofSeconds(Long.parseLong(value));
				case "--measure-s" -> measure = Duration.ofSeconds(Long.parseLong(value));
				case "--in-flight" -> inFlight = Integer.parseInt(value);
				case "--listings" -> listings = Integer.parseInt(value);
				case "--rounds" -> rounds = Integer.parseInt(value);
				case "--report" -> report = Path.of(value);
				case "--only" -> only = value;
				case "--profile" -> profile = Boolean.parseBoolean(value);
				case "--server-url" -> serverUrl = URI.create(value);
				default -> throw new IllegalArgumentException("Unknown option " + args[i]);
			}
		}
		Process server = null;
		URI baseUrl = serverUrl;
		if (baseUrl == null) {
			server = new ProcessBuilder(JavaProcess.command(StaticReductoServer.class, List.of("-Xmx1g"),
					List.of("0"))) // any free port: the server says which
				.redirectError(ProcessBuilder.Redirect.INHERIT)
				.start();
			Runtime.getRuntime().addShutdownHook(new Thread(server::destroyForcibly));
			String ready = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
				.readLine();
			if (ready == null || !ready.startsWith("READY ")) {
				throw new IllegalStateException("The static server did not start: " + ready);
			}
			baseUrl = URI.create("http://127.0.0.1:" + ready.substring("READY ".length()));
		}
		RawClients raw = new RawClients(baseUrl);
		ReactiveJobOperations built = ReactiveJobOperations.builder()
			.baseUrl(baseUrl)
			.apiKey(RawClients.API_KEY)
			.rateLimit(new RateLimitSettings(false, 1, 1))
			.build();
		JobOperations builtBlocking = JobOperations.blocking(built);
		ConfigurableApplicationContext context = starterContext(baseUrl);
		ReactiveJobOperations starter = context.getBean(ReactiveJobOperations.class);
		JobOperations starterBlocking = context.getBean(JobOperations.class);

		List<Variant> allGets = List.of(
				Variant.reactive("raw Reactor Netty + Jackson", () -> raw.nettyGet(JOB_ID)),
				Variant.blocking("raw Reactor Netty + Jackson, blocking", () -> raw.nettyGet(JOB_ID).block()),
				Variant.reactive("plain WebClient", () -> raw.webClientGet(JOB_ID)),
				Variant.reactive("Spring connector, by hand", () -> raw.connectorGet(JOB_ID)),
				Variant.reactive("this client, reactive (builder)", () -> built.get(JOB_ID)),
				Variant.blocking("this client, blocking (builder)", () -> builtBlocking.get(JOB_ID)),
				Variant.reactive("this client, reactive (starter)", () -> starter.get(JOB_ID)),
				Variant.blocking("this client, blocking (starter)", () -> starterBlocking.get(JOB_ID)));
		ListQuery all = new ListQuery(StaticReductoServer.PAGE, null, false);
		List<Variant> allLists = List.of(
				Variant.reactive("raw Reactor Netty + Jackson", () -> raw.nettyListAll(StaticReductoServer.PAGE)),
				Variant.blocking("raw Reactor Netty + Jackson, blocking",
						() -> raw.nettyListAll(StaticReductoServer.PAGE).block()),
				Variant.reactive("plain WebClient", () -> raw.webClientListAll(StaticReductoServer.PAGE)),
				Variant.reactive("this client, reactive (builder)", () -> built.listAll(all).count()),
				Variant.blocking("this client, blocking (builder)", () -> builtBlocking.listAll(all).count()),
				Variant.reactive("this client, reactive (starter)", () -> starter.listAll(all).count()));

		// --only keeps the raw client (the ratios' base) and the variants whose name contains one of its comma-separated
		// values; --profile true drops the raw client too, so that a profile of the run shows one client only.
		List<String> kept = List.of(only.split(","));
		boolean withRaw = !profile;
		List<Variant> gets = allGets.stream()
			.filter((variant) -> (withRaw && variant == allGets.get(0)) || kept.stream().anyMatch(variant.name()::contains))
			.toList();
		List<Variant> lists = allLists.stream()
			.filter((variant) -> (withRaw && variant == allLists.get(0)) || kept.stream().anyMatch(variant.name()::contains))
			.toList();
		for (Variant variant : gets) {
			variant.run(warmup, inFlight);
		}
		for (Variant variant : lists) {
			variant.runTimes(1);
		}
		// Rounds, each variant once per round, and the median round of each: a 2-core machine shared with the
		// server drifts by more than the differences measured, and the drift spreads over all variants alike.
		List<List<Measurement>> getRounds = new ArrayList<>();
		List<List<Measurement>> listRounds = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			List<Measurement> getRound = new ArrayList<>();
			for (Variant variant : gets) {
				getRound.add(variant.run(measure, inFlight));
				System.out.println("round " + (round + 1) + ": " + getRound.get(getRound.size() - 1));
			}
			getRounds.add(getRound);
			List<Measurement> listRound = new ArrayList<>();
			for (Variant variant : lists) {
				listRound.add(variant.runTimes(listings));
				System.out.println("round " + (round + 1) + ": " + listRound.get(listRound.size() - 1));
			}
			listRounds.add(listRound);
		}
		List<Measurement> getResults = HttpClientReport.medians(getRounds);
		List<Measurement> listResults = HttpClientReport.medians(listRounds);
		context.close();
		built.close();
		raw.close();
		if (server != null) {
			server.destroyForcibly();
		}
		String serverName = (server != null) ? "Reactor Netty in its own JVM" : "the server at " + baseUrl;
		String text = HttpClientReport.report(getResults, listResults, measure, inFlight, listings, rounds, serverName)
				+ (withRaw ? HttpClientReport.paired("`get`", getRounds) : "")
				+ ((withRaw && listings > 0) ? HttpClientReport.paired("list all", listRounds) : "");
		return new Result(text, report, getResults, listResults);
	}

	private static ConfigurableApplicationContext starterContext(URI baseUrl) {
		SpringApplication application = new SpringApplication(StartupProbe.Application.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setLogStartupInfo(false);
		return application.run("--reducto.base-url=" + baseUrl, "--reducto.api-key=" + RawClients.API_KEY,
				"--reducto.rate-limit.enabled=false", "--spring.main.banner-mode=off",
				"--logging.level.root=WARN");
	}

	/** One client's way of making the measured call: reactive (many in flight) or blocking (a thread each). */
	record Variant(String name, @org.jspecify.annotations.Nullable Supplier<Mono<?>> reactive,
			@org.jspecify.annotations.Nullable Supplier<Object> blocking) {

		static Variant reactive(String name, Supplier<Mono<?>> call) {
			return new Variant(name, call, null);
		}

		static Variant blocking(String name, Supplier<Object> call) {
			return new Variant(name, null, call);
		}

		/** As many calls as finish in {@code duration}, {@code inFlight} at a time. */
		Measurement run(Duration duration, int inFlight) throws InterruptedException {
			Latencies latencies = new Latencies(500_000);
			Usage usage = Usage.start();
			long end = System.nanoTime() + duration.toNanos();
			if (this.reactive != null) {
				Supplier<Mono<?>> call = this.reactive;
				Flux.range(0, Integer.MAX_VALUE).takeWhile((i) -> System.nanoTime() < end).flatMap((i) -> {
					long start = System.nanoTime();
					return call.get().doOnSuccess((answer) -> latencies.add(System.nanoTime() - start));
				}, inFlight).blockLast();
			}
			else {
				Supplier<Object> call = this.blocking;
				List<Thread> threads = new ArrayList<>();
				for (int t = 0; t < inFlight; t++) {
					Thread thread = new Thread(() -> {
						while (System.nanoTime() < end) {
							long start = System.nanoTime();
							call.get();
							latencies.add(System.nanoTime() - start);
						}
					});
					thread.start();
					threads.add(thread);
				}
				for (Thread thread : threads) {
					thread.join();
				}
			}
			return usage.stop(this.name, latencies.count(), latencies);
		}

		/** The call {@code times} times in a row; each call counts the jobs it listed. */
		Measurement runTimes(int times) {
			Usage usage = Usage.start();
			long jobs = 0;
			for (int i = 0; i < times; i++) {
				Object listed = (this.reactive != null) ? this.reactive.get().block() : this.blocking.get();
				jobs += ((Number) listed).longValue();
			}
			if (jobs != (long) times * StaticReductoServer.JOBS) {
				throw new IllegalStateException(this.name + " listed " + jobs + " jobs in " + times + " listings");
			}
			return usage.stop(this.name, jobs, new Latencies(0));
		}

	}

	/** Wall time, process CPU and collections from the start of a measurement. */
	record Usage(long startNanos, long startCpuNanos, long startCollections) {

		static Usage start() {
			System.gc();
			return new Usage(System.nanoTime(), cpuNanos(), collections());
		}

		Measurement stop(String name, long units, Latencies latencies) {
			long wall = System.nanoTime() - this.startNanos;
			long cpu = cpuNanos() - this.startCpuNanos;
			long collections = collections() - this.startCollections;
			return new Measurement(name, units, wall, cpu, collections, latencies.percentileNanos(50),
					latencies.percentileNanos(99));
		}

		private static long cpuNanos() {
			return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
				.getProcessCpuTime();
		}

		private static long collections() {
			long count = 0;
			for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
				count += Math.max(0, collector.getCollectionCount());
			}
			return count;
		}

	}

	record Measurement(String name, long units, long wallNanos, long cpuNanos, long collections, long p50Nanos,
			long p99Nanos) {

		double perSecond() {
			return this.units * 1e9 / this.wallNanos;
		}

		double cpuMicrosPerUnit() {
			return this.cpuNanos / 1e3 / this.units;
		}

		double percentileMs(double percentile) {
			return ((percentile == 50) ? this.p50Nanos : this.p99Nanos) / 1e6;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%-34s %,12.0f/s  p50 %6.2f ms  p99 %6.2f ms  CPU %7.2f us  GCs %d",
					this.name, perSecond(), percentileMs(50), percentileMs(99), cpuMicrosPerUnit(), this.collections);
		}

	}

	/** Call latencies, the first {@code capacity} of a measurement. */
	static final class Latencies {

		private final long[] nanos;

		/** Every call counted, also those past the capacity, which are not kept. */
		private final AtomicInteger next = new AtomicInteger();

		Latencies(int capacity) {
			this.nanos = new long[capacity];
		}

		void add(long latency) {
			int index = this.next.getAndIncrement();
			if (index < this.nanos.length) {
				this.nanos[index] = latency;
			}
		}

		long count() {
			return this.next.get();
		}

		long percentileNanos(double percentile) {
			int size = Math.min(this.next.get(), this.nanos.length);
			if (size == 0) {
				return 0;
			}
			long[] sorted = Arrays.copyOf(this.nanos, size);
			Arrays.sort(sorted);
			return sorted[Math.max(0, (int) Math.ceil(percentile / 100.0 * size) - 1)];
		}

	}

}
