package io.github.reductospring.emulator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import tools.jackson.databind.json.JsonMapper;

/**
 * A local HTTP server that answers like the Reducto API for job management: {@code GET /job/{id}},
 * {@code GET /jobs}, {@code POST /cancel/{id}}, {@code DELETE /job/{id}}, {@code POST /parse_async},
 * {@code /extract_async}, {@code /split_async}, {@code POST /upload}, {@code POST /configure_webhook} and
 * {@code GET /version}, with Bearer authentication.
 * <p>
 * Jobs follow a {@link JobScript} on an {@link EmulatorClock}; tests can script the next jobs, seed jobs, move a
 * manual clock, inject {@link Fault faults} and read the {@link RecordedRequest requests} received.
 * <pre>{@code
 * try (ReductoEmulator emulator = ReductoEmulator.builder().build().start()) {
 *     URI baseUrl = emulator.baseUrl();
 * }
 * }</pre>
 * This class is the emulator's face; the work is done in rooms of one job each: the server
 * ({@code EmulatorServer}), the routes per endpoint family ({@code EmulatorRoutes}, {@code JobRoutes},
 * {@code SubmissionRoutes}), the job store and its clock ({@code JobStore}), faults ({@code FaultInjector}),
 * webhook delivery ({@code WebhookDispatcher}) and what was received ({@code Recorder}). The command line is
 * {@link EmulatorCommandLine}.
 */
public final class ReductoEmulator implements AutoCloseable {

	/** The API key the emulator accepts unless told otherwise. */
	public static final String DEFAULT_API_KEY = "emulator-key";

	/** The Svix signing secret the emulator signs deliveries with unless told otherwise (test use only). */
	public static final String DEFAULT_SIGNING_SECRET = "whsec_"
			+ Base64.getEncoder().encodeToString("reducto-emulator-signing-secret!".getBytes(StandardCharsets.UTF_8));

	private final String apiKey;

	private final JobStore store;

	private final Recorder recorder;

	private final FaultInjector faults = new FaultInjector();

	private final WebhookDispatcher webhooks;

	private final EmulatorRoutes routes;

	private final EmulatorServer server;

	private ReductoEmulator(Builder builder) {
		JsonMapper json = JsonMapper.builder().build();
		Supplier<URI> baseUrl = this::baseUrl;
		this.apiKey = builder.apiKey;
		this.store = new JobStore(builder.clock, builder.defaultScripts);
		this.recorder = new Recorder(builder.recordRequests);
		this.webhooks = new WebhookDispatcher(json, builder.clock, builder.signingSecret, builder.webhookTarget);
		this.routes = new EmulatorRoutes(json, builder.apiKey, this.store, this.recorder,
				new JobRoutes(json, this.store, baseUrl),
				new SubmissionRoutes(json, this.store, this.webhooks, baseUrl), baseUrl);
		this.server = new EmulatorServer(builder.bindAddress, builder.port, this::handle);
	}

	/** A builder with a random port, {@link #DEFAULT_API_KEY}, the system clock and jobs that take about a second. */
	public static Builder builder() {
		return new Builder();
	}

	/** Starts listening (on the loopback interface unless told otherwise). */
	public ReductoEmulator start() {
		this.server.start();
		this.webhooks.start(daemonThreads());
		return this;
	}

	/** Stops the server; jobs are forgotten. */
	@Override
	public void close() {
		this.server.stop();
		this.webhooks.stop();
	}

	/** The base URL clients should use, for example {@code http://127.0.0.1:53121}. */
	public URI baseUrl() {
		return URI.create("http://127.0.0.1:" + port());
	}

	/** The port the emulator listens on. */
	public int port() {
		return this.server.port();
	}

	/** The API key the emulator accepts. */
	public String apiKey() {
		return this.apiKey;
	}

	/** The clock jobs follow. */
	public EmulatorClock clock() {
		return this.store.clock();
	}

	/** The script for jobs submitted when no {@link #scriptNextJobs(JobScript...) next script} is queued. */
	public void defaultScript(JobScript script) {
		Objects.requireNonNull(script);
		this.store.defaultScripts(() -> script);
	}

	/** Where scripts for submitted jobs come from, one call per job (for example random durations). */
	public void defaultScripts(Supplier<JobScript> scripts) {
		this.store.defaultScripts(scripts);
	}

	/** Requests received so far per route ({@code GET /job/{id}}, {@code GET /jobs}, ...), recorded or not. */
	public Map<String, Long> routeCounts() {
		return this.recorder.routeCounts();
	}

	/** Scripts for the next submitted jobs, in order. */
	public void scriptNextJobs(JobScript... scripts) {
		this.store.scriptNextJobs(List.of(scripts));
	}

	/** Creates a job as if it had been submitted; returns its id. */
	public String seedJob(String type, JobScript script) {
		return this.store.seed(type, script, this.store.now()).id;
	}

	/** Creates {@code count} jobs at once, oldest first; returns their ids in creation order. */
	public List<String> seedJobs(int count, String type, JobScript script) {
		List<String> ids = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			ids.add(seedJob(type, script));
		}
		return ids;
	}

	/** Creates a job created at a given moment (for retention tests); returns its id. */
	public String seedJobCreatedAt(String type, JobScript script, Instant createdAt) {
		return this.store.seed(type, script, createdAt).id;
	}

	/** Adds a fault to those pending. */
	public void injectFault(Fault fault) {
		this.faults.inject(fault);
	}

	/** Faults applied at random to a share of API requests (standalone and container use). */
	public void randomFaults(RandomFaults faults) {
		this.faults.random(faults);
	}

	/** The wire status {@code GET /jobs} would show for a job now. */
	public Optional<String> listStatus(String jobId) {
		EmulatedJob job = this.store.find(jobId);
		return (job != null) ? Optional.of(job.stage(this.store.now()).listValue) : Optional.empty();
	}

	/** How long deleted jobs read as being deleted (409) before they read as deleted (410). */
	public void deletionTime(Duration deletionTime) {
		this.store.deletionTime(deletionTime);
	}

	/** Whether deletion of this job was requested. */
	public boolean isDeleted(String jobId) {
		EmulatedJob job = this.store.find(jobId);
		return job != null && job.deletedAt() != null;
	}

	/** A copy of the requests received so far. */
	public List<RecordedRequest> requests() {
		return this.recorder.requests();
	}

	/** A copy of the requests answered so far, with their answers. */
	public List<RecordedExchange> exchanges() {
		return this.recorder.exchanges();
	}

	/** The number of requests received with this method on paths starting with {@code pathPrefix}. */
	public long requestCount(String method, String pathPrefix) {
		return requests().stream().filter((request) -> request.matches(method, pathPrefix)).count();
	}

	/** Whether to keep each request for {@link #requests()} (on by default; off for long benchmarks). */
	public void recordRequests(boolean record) {
		this.recorder.recordRequests(record);
	}

	/** How often a result URL was fetched with an {@code Authorization} header (it never should be). */
	public int resultUrlFetchesWithAuthorization() {
		return this.recorder.resultUrlFetchesWithAuthorization();
	}

	/** Where Svix-mode deliveries go: the endpoint configured in Reducto's webhook portal, in real life. */
	public void webhookTarget(@Nullable URI target) {
		this.webhooks.target(target);
	}

	/** The secret Svix-mode deliveries are signed with. */
	public String signingSecret() {
		return this.webhooks.signingSecret();
	}

	/** A copy of the webhook deliveries attempted so far. */
	public List<WebhookDelivery> webhookDeliveries() {
		return this.webhooks.deliveries();
	}

	/** Forgets all jobs, scripts, faults and recorded requests, and restores the default script. */
	public void reset() {
		this.store.reset();
		this.faults.reset();
		this.recorder.reset();
		this.webhooks.reset();
	}

	/**
	 * One request: recorded, then answered by a fault or by its route (a slow server works only after its delay),
	 * always with a request id.
	 */
	private Mono<Answer> handle(EmulatorRequest request) {
		RecordedRequest recorded = this.recorder.received(request, EmulatorRoutes.routeOf(request.rawPath()));
		Fault fault = this.faults.claim(request);
		Answer faulty = (fault != null) ? this.faults.answer(fault) : null;
		if (fault != null && faulty == null) {
			return Mono.delay(fault.delay()).map((tick) -> finish(recorded, routeSafely(request)));
		}
		return Mono.just(finish(recorded, (faulty != null) ? faulty : routeSafely(request)));
	}

	private Answer finish(@Nullable RecordedRequest recorded, Answer answer) {
		// A fault's own request id is kept: tests send odd ones on purpose.
		Answer identified = answer.headers().keySet().stream().anyMatch("x-request-id"::equalsIgnoreCase) ? answer
				: answer.withHeader("x-request-id", "req_" + UUID.randomUUID());
		if (identified.delivery() == Answer.Delivery.WHOLE) {
			this.recorder.answered(recorded, identified);
		}
		return identified;
	}

	private Answer routeSafely(EmulatorRequest request) {
		try {
			return this.routes.route(request);
		}
		catch (RuntimeException ex) {
			return Answer.text(500, "Emulator error: " + ex);
		}
	}

	private static ThreadFactory daemonThreads() {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, "reducto-emulator-webhooks-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	public static final class Builder {

		private int port = 0;

		private String bindAddress = "127.0.0.1";

		private String apiKey = DEFAULT_API_KEY;

		private EmulatorClock clock = EmulatorClock.system();

		private Supplier<JobScript> defaultScripts = constant(
				JobScript.completesAfter(Duration.ofMillis(300), Duration.ofMillis(1200)));

		private boolean recordRequests = true;

		private String signingSecret = DEFAULT_SIGNING_SECRET;

		private @Nullable URI webhookTarget;

		private Builder() {
		}

		/** Secret to sign Svix-mode deliveries with ({@code whsec_} and Base64). */
		public Builder signingSecret(String signingSecret) {
			this.signingSecret = Objects.requireNonNull(signingSecret);
			return this;
		}

		/** Where Svix-mode deliveries go. */
		public Builder webhookTarget(@Nullable URI webhookTarget) {
			this.webhookTarget = webhookTarget;
			return this;
		}

		/** Port to listen on; 0 picks a free one. */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/** Address to listen on (default 127.0.0.1, loopback only). */
		public Builder bindAddress(String bindAddress) {
			this.bindAddress = Objects.requireNonNull(bindAddress);
			return this;
		}

		/** API key to accept. */
		public Builder apiKey(String apiKey) {
			this.apiKey = Objects.requireNonNull(apiKey);
			return this;
		}

		/** Clock that drives job timelines. */
		public Builder clock(EmulatorClock clock) {
			this.clock = Objects.requireNonNull(clock);
			return this;
		}

		/** Script for submitted jobs. */
		public Builder defaultScript(JobScript script) {
			this.defaultScripts = constant(Objects.requireNonNull(script));
			return this;
		}

		/** Scripts for submitted jobs, one call per job. */
		public Builder defaultScripts(Supplier<JobScript> scripts) {
			this.defaultScripts = Objects.requireNonNull(scripts);
			return this;
		}

		/** Whether requests are kept for {@link #requests()} (on by default; off for long runs). */
		public Builder recordRequests(boolean recordRequests) {
			this.recordRequests = recordRequests;
			return this;
		}

		private static Supplier<JobScript> constant(JobScript script) {
			return () -> script;
		}

		/** A new, not yet started emulator. */
		public ReductoEmulator build() {
			return new ReductoEmulator(this);
		}

	}

}
