package io.github.reductospring.emulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local HTTP server that answers like the Reducto API for job management: {@code GET /job/{id}},
 * {@code GET /jobs}, {@code POST /cancel/{id}}, {@code POST /parse_async}, {@code /extract_async},
 * {@code /split_async}, {@code POST /upload} and {@code GET /version}, with Bearer authentication.
 * <p>
 * Jobs follow a {@link JobScript} on an {@link EmulatorClock}; tests can script the next jobs, seed jobs, move a
 * manual clock, inject {@link Fault faults} and read the {@link RecordedRequest requests} received.
 * <pre>{@code
 * try (ReductoEmulator emulator = ReductoEmulator.builder().build().start()) {
 *     URI baseUrl = emulator.baseUrl();
 * }
 * }</pre>
 */
public final class ReductoEmulator implements AutoCloseable {

	/** The API key the emulator accepts unless told otherwise. */
	public static final String DEFAULT_API_KEY = "emulator-key";

	/** The Svix signing secret the emulator signs deliveries with unless told otherwise (test use only). */
	public static final String DEFAULT_SIGNING_SECRET = "whsec_"
			+ Base64.getEncoder().encodeToString("reducto-emulator-signing-secret!".getBytes(StandardCharsets.UTF_8));

	/** Where the emulator serves results that Reducto would hand out as presigned URLs. */
	static final String RESULTS_PATH = "/_emulator/results/";

	static {
		// The JDK server closes idle keep-alive connections beyond 200 at once, which races with clients that pool
		// more (Reactor Netty keeps up to 500): a reused connection then breaks before the answer.
		if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
			System.setProperty("sun.net.httpserver.maxIdleConnections", "20000");
		}
		// Small answers written in two parts (headers, body) otherwise wait on Nagle and delayed ACKs: ~20 ms each.
		if (System.getProperty("sun.net.httpserver.nodelay") == null) {
			System.setProperty("sun.net.httpserver.nodelay", "true");
		}
	}

	/** The configuration seeded jobs report, as if submitted with a document URL. */
	private static final String SEEDED_CONFIG = "{\"input\":\"https://example.com/seeded.pdf\"}";

	private static final Pattern JOB_PATH = Pattern.compile("^/job/([^/]+)$");

	private static final Pattern CANCEL_PATH = Pattern.compile("^/cancel/([^/]+)$");

	private static final Map<String, String> SUBMIT_TYPES = Map.of("/parse_async", "Parse", "/extract_async",
			"Extract", "/split_async", "Split");

	private final JsonMapper json = JsonMapper.builder().build();

	private final int requestedPort;

	private final String bindAddress;

	private final String apiKey;

	private final EmulatorClock clock;

	private final Map<String, EmulatedJob> jobs = new ConcurrentHashMap<>();

	private final NavigableMap<Long, EmulatedJob> newestFirst = new ConcurrentSkipListMap<>(
			Collections.reverseOrder());

	private final AtomicLong sequence = new AtomicLong();

	private final ConcurrentLinkedQueue<JobScript> nextScripts = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();

	private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());

	private final List<RecordedExchange> exchanges = Collections.synchronizedList(new ArrayList<>());

	private final AtomicInteger resultUrlFetchesWithAuthorization = new AtomicInteger();

	private volatile RandomFaults randomFaults = RandomFaults.NONE;

	/** How long a deleted job reads as "deletion in progress" (409) before it reads as deleted (410). */
	private volatile Duration deletionTime = Duration.ofMillis(200);

	private final java.util.function.Supplier<JobScript> initialDefaultScripts;

	private volatile java.util.function.Supplier<JobScript> defaultScripts;

	private final Map<String, java.util.concurrent.atomic.LongAdder> routeCounts = new ConcurrentHashMap<>();

	private volatile boolean recordRequests = true;

	private final String signingSecret;

	private volatile @Nullable URI webhookTarget;

	private final ConcurrentLinkedQueue<EmulatedJob> pendingWebhooks = new ConcurrentLinkedQueue<>();

	private final List<WebhookDelivery> deliveries = Collections.synchronizedList(new ArrayList<>());

	private final java.net.http.HttpClient webhookClient = java.net.http.HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private java.util.concurrent.@Nullable ScheduledExecutorService webhookScheduler;

	private @Nullable HttpServer server;

	private @Nullable ExecutorService executor;

	private ReductoEmulator(Builder builder) {
		this.requestedPort = builder.port;
		this.bindAddress = builder.bindAddress;
		this.apiKey = builder.apiKey;
		this.clock = builder.clock;
		this.signingSecret = builder.signingSecret;
		this.webhookTarget = builder.webhookTarget;
		this.initialDefaultScripts = builder.defaultScripts;
		this.defaultScripts = builder.defaultScripts;
		this.recordRequests = builder.recordRequests;
	}

	/** A builder with a random port, {@link #DEFAULT_API_KEY}, the system clock and jobs that take about a second. */
	public static Builder builder() {
		return new Builder();
	}

	/** Starts listening on the loopback interface. */
	public synchronized ReductoEmulator start() {
		if (this.server != null) {
			return this;
		}
		try {
			HttpServer httpServer = HttpServer.create(new InetSocketAddress(this.bindAddress, this.requestedPort), 512);
			ExecutorService pool = Executors.newCachedThreadPool(daemonThreads());
			httpServer.setExecutor(pool);
			httpServer.createContext("/", this::handle);
			httpServer.start();
			this.server = httpServer;
			this.executor = pool;
			java.util.concurrent.ScheduledExecutorService deliveriesLoop = Executors
				.newSingleThreadScheduledExecutor(daemonThreads());
			deliveriesLoop.scheduleWithFixedDelay(this::deliverDueWebhooks, 25, 25, java.util.concurrent.TimeUnit.MILLISECONDS);
			this.webhookScheduler = deliveriesLoop;
			return this;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the Reducto emulator on port " + this.requestedPort, ex);
		}
	}

	/** Stops the server; jobs are forgotten. */
	@Override
	public synchronized void close() {
		if (this.server != null) {
			this.server.stop(0);
			this.server = null;
		}
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
		if (this.webhookScheduler != null) {
			this.webhookScheduler.shutdownNow();
			this.webhookScheduler = null;
		}
	}

	/** The base URL clients should use, for example {@code http://127.0.0.1:53121}. */
	public URI baseUrl() {
		return URI.create("http://127.0.0.1:" + port());
	}

	/** The port the emulator listens on. */
	public int port() {
		HttpServer httpServer = this.server;
		if (httpServer == null) {
			throw new IllegalStateException("The emulator is not started");
		}
		return httpServer.getAddress().getPort();
	}

	/** The API key the emulator accepts. */
	public String apiKey() {
		return this.apiKey;
	}

	/** The clock jobs follow. */
	public EmulatorClock clock() {
		return this.clock;
	}

	/** The script for jobs submitted when no {@link #scriptNextJobs(JobScript...) next script} is queued. */
	public void defaultScript(JobScript script) {
		Objects.requireNonNull(script);
		this.defaultScripts = () -> script;
	}

	/** Where scripts for submitted jobs come from, one call per job (for example random durations). */
	public void defaultScripts(java.util.function.Supplier<JobScript> scripts) {
		this.defaultScripts = Objects.requireNonNull(scripts);
	}

	/** Requests received so far per route ({@code GET /job/{id}}, {@code GET /jobs}, ...), recorded or not. */
	public Map<String, Long> routeCounts() {
		Map<String, Long> counts = new java.util.TreeMap<>();
		this.routeCounts.forEach((route, count) -> counts.put(route, count.sum()));
		return counts;
	}

	/** Scripts for the next submitted jobs, in order. */
	public void scriptNextJobs(JobScript... scripts) {
		this.nextScripts.addAll(List.of(scripts));
	}

	/** Creates a job as if it had been submitted; returns its id. */
	public String seedJob(String type, JobScript script) {
		return createJob(type, script, SEEDED_CONFIG, null, this.clock.instant()).id;
	}

	/** Creates {@code count} jobs at once, oldest first; returns their ids in creation order. */
	public List<String> seedJobs(int count, String type, JobScript script) {
		List<String> ids = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			ids.add(seedJob(type, script));
		}
		return ids;
	}

	/** Adds a fault to those pending. */
	public void injectFault(Fault fault) {
		this.faults.add(fault);
	}

	/** The wire status {@code GET /jobs} would show for a job now. */
	public Optional<String> listStatus(String jobId) {
		EmulatedJob job = this.jobs.get(jobId);
		return (job != null) ? Optional.of(job.stage(this.clock.instant()).listValue) : Optional.empty();
	}

	/** A copy of the requests received so far. */
	public List<RecordedRequest> requests() {
		synchronized (this.requests) {
			return List.copyOf(this.requests);
		}
	}

	/** A copy of the requests answered so far, with their answers. */
	public List<RecordedExchange> exchanges() {
		synchronized (this.exchanges) {
			return List.copyOf(this.exchanges);
		}
	}

	/** The number of requests received with this method on paths starting with {@code pathPrefix}. */
	public long requestCount(String method, String pathPrefix) {
		return requests().stream().filter((request) -> request.matches(method, pathPrefix)).count();
	}

	/** Whether to keep each request for {@link #requests()} (on by default; off for long benchmarks). */
	public void recordRequests(boolean record) {
		this.recordRequests = record;
	}

	/** How often a result URL was fetched with an {@code Authorization} header (it never should be). */
	public int resultUrlFetchesWithAuthorization() {
		return this.resultUrlFetchesWithAuthorization.get();
	}

	/** Faults applied at random to a share of API requests (standalone and container use). */
	public void randomFaults(RandomFaults faults) {
		this.randomFaults = Objects.requireNonNull(faults);
	}

	/** Where Svix-mode deliveries go: the endpoint configured in Reducto's webhook portal, in real life. */
	public void webhookTarget(@Nullable URI target) {
		this.webhookTarget = target;
	}

	/** The secret Svix-mode deliveries are signed with. */
	public String signingSecret() {
		return this.signingSecret;
	}

	/** A copy of the webhook deliveries attempted so far. */
	public List<WebhookDelivery> webhookDeliveries() {
		synchronized (this.deliveries) {
			return List.copyOf(this.deliveries);
		}
	}

	/** Forgets all jobs, scripts, faults and recorded requests, and restores the default script. */
	public void reset() {
		this.defaultScripts = this.initialDefaultScripts;
		this.routeCounts.clear();
		this.randomFaults = RandomFaults.NONE;
		this.deletionTime = Duration.ofMillis(200);
		this.jobs.clear();
		this.newestFirst.clear();
		this.nextScripts.clear();
		this.faults.clear();
		this.requests.clear();
		this.exchanges.clear();
		this.pendingWebhooks.clear();
		this.deliveries.clear();
		this.resultUrlFetchesWithAuthorization.set(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String method = exchange.getRequestMethod();
			URI uri = exchange.getRequestURI();
			String rawPath = uri.getRawPath();
			byte[] body = exchange.getRequestBody().readAllBytes();
			this.routeCounts.computeIfAbsent(method + " " + routeOf(rawPath), (route) -> new java.util.concurrent.atomic.LongAdder())
				.increment();
			if (this.recordRequests) {
				RecordedRequest request = new RecordedRequest(method, rawPath, uri.getRawQuery(), headersOf(exchange),
						new String(body, StandardCharsets.UTF_8));
				this.requests.add(request);
				exchange.setAttribute(RecordedRequest.class.getName(), request);
			}
			exchange.getResponseHeaders().set("x-request-id", "req_" + UUID.randomUUID());
			Fault fault = claimFault(method, rawPath);
			if (fault == null && !rawPath.startsWith("/_emulator/")) {
				fault = this.randomFaults.pick();
			}
			if (fault != null && applyFault(fault, exchange)) {
				return;
			}
			route(exchange, method, rawPath, uri.getRawQuery(), body);
		}
		catch (IOException | RuntimeException ex) {
			// The client went away (timeouts, cut-off tests); nothing to answer.
		}
	}

	private @Nullable Fault claimFault(String method, String rawPath) {
		if (rawPath.startsWith(RESULTS_PATH)) {
			return null;
		}
		for (Fault fault : this.faults) {
			if (fault.claim(method, rawPath)) {
				this.faults.removeIf(Fault::exhausted);
				return fault;
			}
		}
		return null;
	}

	/** Applies a fault; returns true when the exchange is finished. */
	private boolean applyFault(Fault fault, HttpExchange exchange) throws IOException {
		switch (fault.kind()) {
			case RESPOND -> {
				fault.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
				send(exchange, fault.status(), fault.body().getBytes(StandardCharsets.UTF_8));
				return true;
			}
			case DELAY -> {
				sleep(fault.delay());
				return false;
			}
			case TRUNCATE -> {
				byte[] whole = "{\"status\":\"Completed\",\"result\":{\"job_id\":\"cut-off\",\"duration\":1.0}}"
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, whole.length);
				OutputStream out = exchange.getResponseBody();
				out.write(whole, 0, whole.length / 2);
				out.flush();
				// Failing under a fixed-length response closes the socket: the client gets half a body.
				throw new IOException("cut off on purpose");
			}
			case MALFORMED -> {
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				send(exchange, 200, "{\"status\": \"Completed\", \"result\": [1, 2".getBytes(StandardCharsets.UTF_8));
				return true;
			}
			case DISCONNECT -> throw new IOException("disconnect on purpose");
		}
		return false;
	}

	private void route(HttpExchange exchange, String method, String rawPath, @Nullable String rawQuery, byte[] body)
			throws IOException {
		if (rawPath.startsWith(RESULTS_PATH) && method.equals("GET")) {
			serveResultUrl(exchange, rawPath.substring(RESULTS_PATH.length()));
			return;
		}
		if (rawPath.equals("/_emulator/stats") && method.equals("GET")) {
			sendJson(exchange, 200, this.json.valueToTree(routeCounts()));
			return;
		}
		if (rawPath.equals("/_emulator/ready") && method.equals("GET")) {
			sendJson(exchange, 200, this.json.getNodeFactory().stringNode("ready"));
			return;
		}
		if (rawPath.equals("/version") && method.equals("GET")) {
			sendJson(exchange, 200, this.json.getNodeFactory().stringNode("v1.11.57-emulator"));
			return;
		}
		if (!authorized(exchange)) {
			return;
		}
		Matcher jobPath = JOB_PATH.matcher(rawPath);
		Matcher cancelPath = CANCEL_PATH.matcher(rawPath);
		if (method.equals("GET") && jobPath.matches()) {
			getJob(exchange, decodeSegment(jobPath.group(1)));
		}
		else if (method.equals("DELETE") && jobPath.matches()) {
			deleteJob(exchange, decodeSegment(jobPath.group(1)));
		}
		else if (method.equals("GET") && rawPath.equals("/jobs")) {
			listJobs(exchange, queryParameters(rawQuery));
		}
		else if (method.equals("POST") && cancelPath.matches()) {
			cancelJob(exchange, decodeSegment(cancelPath.group(1)));
		}
		else if (method.equals("POST") && SUBMIT_TYPES.containsKey(rawPath)) {
			submit(exchange, SUBMIT_TYPES.get(rawPath), body);
		}
		else if (method.equals("POST") && rawPath.equals("/configure_webhook")) {
			sendJson(exchange, 200, this.json.getNodeFactory().stringNode(baseUrl() + "/_emulator/svix-portal"));
		}
		else if (method.equals("POST") && rawPath.equals("/upload")) {
			upload(exchange, body);
		}
		else {
			sendDetail(exchange, 404, "Not Found");
		}
	}

	private boolean authorized(HttpExchange exchange) throws IOException {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if (authorization == null || !authorization.startsWith("Bearer ")) {
			sendDetail(exchange, 401, "Not authenticated");
			return false;
		}
		if (!authorization.substring("Bearer ".length()).equals(this.apiKey)) {
			sendDetail(exchange, 401, "Invalid API key");
			return false;
		}
		return true;
	}

	private void getJob(HttpExchange exchange, String jobId) throws IOException {
		EmulatedJob job = this.jobs.get(jobId);
		if (job == null) {
			sendDetail(exchange, 404, "Job not found");
			return;
		}
		Instant now = this.clock.instant();
		if (answeredAsDeleted(exchange, job, now)) {
			return;
		}
		EmulatedJob.Stage stage = job.stage(now);
		ObjectNode node = this.json.createObjectNode();
		node.put("status", stage.getValue());
		if (stage == EmulatedJob.Stage.IN_PROGRESS) {
			node.put("progress", job.progress(now));
		}
		else {
			node.putNull("progress");
		}
		if (stage == EmulatedJob.Stage.FAILED) {
			String reason = Objects.requireNonNullElse(job.script.failureReason(), "Document could not be processed");
			node.put("reason", reason);
			ObjectNode error = node.putObject("error");
			error.put("code", 422);
			error.put("name", "DOCUMENT_CORRUPT");
			error.put("message", reason);
			error.put("job_id", job.id);
		}
		else {
			node.putNull("reason");
		}
		if (stage == EmulatedJob.Stage.COMPLETED) {
			node.set("result", ResultShapes.result(this.json, job, this.baseUrl()));
		}
		else {
			node.putNull("result");
		}
		putCommonFields(node, job, stage, now);
		node.put("raw_config", job.rawConfig);
		sendJson(exchange, 200, node);
	}

	private void putCommonFields(ObjectNode node, EmulatedJob job, EmulatedJob.Stage stage, Instant now) {
		node.put("type", job.type);
		int pages = job.script.pages();
		if (stage.terminal) {
			node.put("num_pages", (stage == EmulatedJob.Stage.COMPLETED) ? pages : 0);
			node.put("duration", Duration.between(job.createdAt, job.endedAt()).toMillis() / 1000.0);
		}
		else {
			node.put("num_pages", (int) Math.floor(job.progress(now) * pages));
			node.putNull("duration");
		}
		node.put("total_pages", pages);
		node.put("created_at", DateTimeFormatter.ISO_INSTANT.format(job.createdAt));
		node.putNull("source");
		node.putNull("bucket");
	}

	private void listJobs(HttpExchange exchange, Map<String, String> query) throws IOException {
		int limit = 100;
		String limitValue = query.get("limit");
		if (limitValue != null) {
			try {
				limit = Integer.parseInt(limitValue);
			}
			catch (NumberFormatException ex) {
				sendValidationError(exchange, List.of("query", "limit"),
						"Input should be a valid integer, unable to parse string as an integer", "int_parsing",
						limitValue);
				return;
			}
			if (limit < 1 || limit > 500) {
				sendValidationError(exchange, List.of("query", "limit"),
						(limit < 1) ? "Input should be greater than or equal to 1"
								: "Input should be less than or equal to 500",
						(limit < 1) ? "greater_than_equal" : "less_than_equal", limitValue);
				return;
			}
		}
		boolean excludeConfigs = Boolean.parseBoolean(query.getOrDefault("exclude_configs", "false"));
		NavigableMap<Long, EmulatedJob> view = this.newestFirst;
		String cursor = query.get("cursor");
		if (cursor != null && !cursor.isEmpty()) {
			Long after = decodeCursor(cursor);
			if (after == null) {
				sendValidationError(exchange, List.of("query", "cursor"), "Invalid cursor", "value_error", cursor);
				return;
			}
			view = this.newestFirst.tailMap(after, false);
		}
		Instant now = this.clock.instant();
		ObjectNode node = this.json.createObjectNode();
		ArrayNode array = node.putArray("jobs");
		EmulatedJob last = null;
		int count = 0;
		for (EmulatedJob job : view.values()) {
			if (count == limit) {
				break;
			}
			EmulatedJob.Stage stage = job.stage(now);
			ObjectNode item = array.addObject();
			item.put("job_id", job.id);
			item.put("status", stage.listValue);
			putCommonFields(item, job, stage, now);
			// The spec requires raw_config; with exclude_configs the emulator sends it empty.
			item.put("raw_config", excludeConfigs ? "" : job.rawConfig);
			last = job;
			count++;
		}
		boolean more = last != null && view.tailMap(last.sequence, false).size() > 0;
		if (more) {
			node.put("next_cursor", encodeCursor(last.sequence));
		}
		else {
			node.putNull("next_cursor");
		}
		sendJson(exchange, 200, node);
	}

	/** DELETE /job/{id}: 202, then reads answer 409 while artifacts go and 410 afterwards; twice is harmless. */
	private void deleteJob(HttpExchange exchange, String jobId) throws IOException {
		EmulatedJob job = this.jobs.get(jobId);
		if (job == null) {
			sendDetail(exchange, 404, "Job not found");
			return;
		}
		job.delete(this.clock.instant());
		this.newestFirst.remove(job.sequence);
		ObjectNode answer = this.json.createObjectNode();
		answer.put("job_id", job.id);
		sendJson(exchange, 202, answer);
	}

	private boolean answeredAsDeleted(HttpExchange exchange, EmulatedJob job, Instant now) throws IOException {
		Instant deleted = job.deletedAt();
		if (deleted == null) {
			return false;
		}
		boolean inProgress = now.isBefore(deleted.plus(this.deletionTime));
		ObjectNode node = this.json.createObjectNode();
		ObjectNode error = node.putObject("error");
		error.put("code", inProgress ? 409 : 410);
		error.put("name", inProgress ? "JOB_DELETION_IN_PROGRESS" : "JOB_DELETED");
		error.put("message", inProgress ? "The job is being deleted" : "The job was deleted");
		error.put("job_id", job.id);
		sendJson(exchange, inProgress ? 409 : 410, node);
		return true;
	}

	/** How long deleted jobs read as being deleted (409) before they read as deleted (410). */
	public void deletionTime(Duration deletionTime) {
		this.deletionTime = Objects.requireNonNull(deletionTime);
	}

	/** Whether deletion of this job was requested. */
	public boolean isDeleted(String jobId) {
		EmulatedJob job = this.jobs.get(jobId);
		return job != null && job.deletedAt() != null;
	}

	/** Creates a job created at a given moment (for retention tests); returns its id. */
	public String seedJobCreatedAt(String type, JobScript script, Instant createdAt) {
		return createJob(type, script, SEEDED_CONFIG, null, createdAt).id;
	}

	private void cancelJob(HttpExchange exchange, String jobId) throws IOException {
		EmulatedJob job = this.jobs.get(jobId);
		if (job == null) {
			sendDetail(exchange, 404, "Job not found");
			return;
		}
		// "A job that is already done or failed is not changed": the call succeeds either way.
		job.cancel(this.clock.instant());
		sendJson(exchange, 200, this.json.getNodeFactory().nullNode());
	}

	private void submit(HttpExchange exchange, String type, byte[] body) throws IOException {
		JsonNode request;
		try {
			request = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			sendValidationError(exchange, List.of("body"), "JSON decode error", "json_invalid", null);
			return;
		}
		if (request == null || !request.isObject()) {
			sendValidationError(exchange, List.of("body"), "Input should be a valid dictionary", "dict_type", null);
			return;
		}
		JsonNode input = request.get("input");
		if (input == null || !(input.isString() || input.isArray() || (input.isObject() && input.has("file_id")))) {
			sendValidationError(exchange, List.of("body", "input"), "Field required", "missing", null);
			return;
		}
		if (type.equals("Split") && !request.has("split_description")) {
			sendValidationError(exchange, List.of("body", "split_description"), "Field required", "missing", null);
			return;
		}
		JobScript script = this.nextScripts.poll();
		EmulatedJob job = createJob(type, (script != null) ? script : this.defaultScripts.get(),
				new String(body, StandardCharsets.UTF_8), request.get("async"), this.clock.instant());
		ObjectNode answer = this.json.createObjectNode();
		answer.put("job_id", job.id);
		sendJson(exchange, 200, answer);
	}

	private void upload(HttpExchange exchange, byte[] body) throws IOException {
		String contentType = Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("Content-Type"), "");
		String fileId = "reducto://" + UUID.randomUUID();
		ObjectNode answer = this.json.createObjectNode();
		if (contentType.startsWith("multipart/form-data")) {
			String text = new String(body, StandardCharsets.ISO_8859_1);
			Matcher part = Pattern.compile("Content-Disposition: form-data; name=\"file\"(?:; filename=\"([^\"]*)\")?",
					Pattern.CASE_INSENSITIVE)
				.matcher(text);
			if (!part.find()) {
				sendValidationError(exchange, List.of("body", "file"), "Field required", "missing", null);
				return;
			}
			String filename = part.group(1);
			int dot = (filename != null) ? filename.lastIndexOf('.') : -1;
			answer.put("file_id", (dot >= 0) ? fileId + filename.substring(dot) : fileId);
			answer.putNull("presigned_url");
		}
		else {
			// Without a file Reducto hands out a presigned URL for large uploads.
			answer.put("file_id", fileId);
			answer.put("presigned_url", baseUrl() + "/_emulator/uploads/" + UUID.randomUUID());
		}
		sendJson(exchange, 200, answer);
	}

	private void serveResultUrl(HttpExchange exchange, String jobId) throws IOException {
		if (exchange.getRequestHeaders().containsKey("Authorization")) {
			this.resultUrlFetchesWithAuthorization.incrementAndGet();
		}
		EmulatedJob job = this.jobs.get(decodeSegment(jobId));
		if (job == null) {
			send(exchange, 403, "<Error><Code>AccessDenied</Code></Error>".getBytes(StandardCharsets.UTF_8));
			return;
		}
		sendJson(exchange, 200, ResultShapes.fullParseResult(this.json, job));
	}

	private EmulatedJob createJob(String type, JobScript script, String rawConfig, @Nullable JsonNode async,
			Instant createdAt) {
		long seq = this.sequence.incrementAndGet();
		EmulatedJob job = new EmulatedJob(UUID.randomUUID().toString(), seq, type, createdAt, script, rawConfig, async);
		this.jobs.put(job.id, job);
		this.newestFirst.put(seq, job);
		if (async != null && async.path("webhook").isObject()) {
			this.pendingWebhooks.add(job);
		}
		return job;
	}

	/** Sends the webhook of every job that has ended since the last look; cancelled jobs send none. */
	private void deliverDueWebhooks() {
		Instant now = this.clock.instant();
		for (EmulatedJob job : this.pendingWebhooks) {
			EmulatedJob.Stage stage = job.stage(now);
			if (stage.terminal && this.pendingWebhooks.remove(job) && stage != EmulatedJob.Stage.CANCELLED) {
				deliver(job, stage, "msg_" + UUID.randomUUID(), 1);
			}
		}
	}

	private void deliver(EmulatedJob job, EmulatedJob.Stage stage, String deliveryId, int attempt) {
		JsonNode hook = job.asyncOptions.path("webhook");
		String mode = hook.path("mode").asString("svix");
		URI target = mode.equals("direct") ? URI.create(hook.path("url").asString()) : this.webhookTarget;
		if (target == null) {
			return; // no Svix endpoint configured: Reducto would deliver nowhere either
		}
		ObjectNode payload = this.json.createObjectNode();
		payload.put("status", stage.listValue);
		payload.put("job_id", job.id);
		JsonNode metadata = job.asyncOptions.get("metadata");
		payload.set("metadata", (metadata != null) ? metadata : this.json.getNodeFactory().nullNode());
		byte[] body = this.json.writeValueAsBytes(payload);
		java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(target)
			.timeout(Duration.ofSeconds(5))
			.header("Content-Type", "application/json")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
		if (mode.equals("svix")) {
			long timestamp = this.clock.instant().getEpochSecond();
			request.header("svix-id", deliveryId)
				.header("svix-timestamp", Long.toString(timestamp))
				.header("svix-signature", SvixSigner.sign(this.signingSecret, deliveryId, timestamp, body));
		}
		this.webhookClient.sendAsync(request.build(), java.net.http.HttpResponse.BodyHandlers.discarding())
			.whenComplete((response, failure) -> {
				int status = (response != null) ? response.statusCode() : 0;
				this.deliveries.add(new WebhookDelivery(job.id, mode, target, deliveryId, status, attempt));
				java.util.concurrent.ScheduledExecutorService scheduler = this.webhookScheduler;
				// Like Svix and Reducto's direct mode: failed deliveries are retried a few times.
				if ((status < 200 || status >= 300) && attempt < 3 && scheduler != null) {
					scheduler.schedule(() -> deliver(job, stage, deliveryId, attempt + 1), 200L * attempt,
							java.util.concurrent.TimeUnit.MILLISECONDS);
				}
			});
	}

	private void sendValidationError(HttpExchange exchange, List<String> location, String message, String type,
			@Nullable String input) throws IOException {
		ObjectNode node = this.json.createObjectNode();
		ObjectNode item = node.putArray("detail").addObject();
		ArrayNode loc = item.putArray("loc");
		location.forEach(loc::add);
		item.put("msg", message);
		item.put("type", type);
		if (input != null) {
			item.put("input", input);
		}
		sendJson(exchange, 422, node);
	}

	private void sendDetail(HttpExchange exchange, int status, String detail) throws IOException {
		ObjectNode node = this.json.createObjectNode();
		node.put("detail", detail);
		sendJson(exchange, status, node);
	}

	private void sendJson(HttpExchange exchange, int status, JsonNode node) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		send(exchange, status, this.json.writeValueAsBytes(node));
	}

	private void send(HttpExchange exchange, int status, byte[] body) throws IOException {
		// Recorded before the answer leaves, so a client that has the answer also sees it recorded.
		if (exchange.getAttribute(RecordedRequest.class.getName()) instanceof RecordedRequest request) {
			this.exchanges.add(new RecordedExchange(request, status, new String(body, StandardCharsets.UTF_8)));
		}
		exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
		if (body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	private static String routeOf(String rawPath) {
		if (JOB_PATH.matcher(rawPath).matches()) {
			return "/job/{jobId}";
		}
		if (CANCEL_PATH.matcher(rawPath).matches()) {
			return "/cancel/{jobId}";
		}
		return rawPath.startsWith(RESULTS_PATH) ? RESULTS_PATH + "{jobId}" : rawPath;
	}

	private static Map<String, List<String>> headersOf(HttpExchange exchange) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		exchange.getRequestHeaders()
			.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
		return headers;
	}

	static Map<String, String> queryParameters(@Nullable String rawQuery) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (rawQuery == null || rawQuery.isEmpty()) {
			return parameters;
		}
		for (String pair : rawQuery.split("&")) {
			int eq = pair.indexOf('=');
			String name = (eq >= 0) ? pair.substring(0, eq) : pair;
			String value = (eq >= 0) ? pair.substring(eq + 1) : "";
			parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
					URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return parameters;
	}

	private static String decodeSegment(String rawSegment) {
		// Percent-decoding only: '+' is a literal plus in a path.
		return URLDecoder.decode(rawSegment.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	private static String encodeCursor(long sequence) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(("seq:" + sequence).getBytes(StandardCharsets.UTF_8));
	}

	private static @Nullable Long decodeCursor(String cursor) {
		try {
			String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			return text.startsWith("seq:") ? Long.parseLong(text.substring(4)) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static ThreadFactory daemonThreads() {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, "reducto-emulator-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * Runs the emulator until the process is stopped. {@code --help} lists the options.
	 * @param args command-line options
	 */
	public static void main(String[] args) throws InterruptedException {
		Builder builder = builder().port(8089).recordRequests(false);
		long pendingMs = 300;
		long processingMs = 1200;
		long spreadMs = 0;
		double failureShare = 0;
		double errorShare = 0;
		double rateLimitShare = 0;
		double slowShare = 0;
		long slowMs = 2000;
		int seedJobs = 0;
		long seedAgeDays = 0;
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (arg.equals("--help") || arg.equals("-h")) {
				System.out.println(HELP);
				return;
			}
			String value = requireValue(arg, (i + 1 < args.length) ? args[++i] : null);
			switch (arg) {
				case "--port" -> builder.port(Integer.parseInt(value));
				case "--api-key" -> builder.apiKey(value);
				case "--bind-address" -> builder.bindAddress(value);
				case "--pending-ms" -> pendingMs = Long.parseLong(value);
				case "--processing-ms" -> processingMs = Long.parseLong(value);
				case "--processing-spread-ms" -> spreadMs = Long.parseLong(value);
				case "--failure-share" -> failureShare = Double.parseDouble(value);
				case "--error-share" -> errorShare = Double.parseDouble(value);
				case "--rate-limit-share" -> rateLimitShare = Double.parseDouble(value);
				case "--slow-share" -> slowShare = Double.parseDouble(value);
				case "--slow-ms" -> slowMs = Long.parseLong(value);
				case "--seed-jobs" -> seedJobs = Integer.parseInt(value);
				case "--seed-age-days" -> seedAgeDays = Long.parseLong(value);
				case "--webhook-target" -> builder.webhookTarget(URI.create(value));
				case "--signing-secret" -> builder.signingSecret(value);
				case "--record-requests" -> builder.recordRequests(Boolean.parseBoolean(value));
				default -> {
					System.err.println("Unknown option " + arg + " (try --help)");
					System.exit(2);
				}
			}
		}
		builder.defaultScripts(randomScripts(pendingMs, processingMs, spreadMs, failureShare));
		ReductoEmulator emulator = builder.build().start();
		emulator.randomFaults(new RandomFaults(errorShare, rateLimitShare, slowShare, Duration.ofMillis(slowMs)));
		Instant seededAt = emulator.clock().instant().minus(Duration.ofDays(seedAgeDays));
		for (int i = 0; i < seedJobs; i++) {
			emulator.seedJobCreatedAt("Parse", JobScript.completesImmediately(), seededAt);
		}
		System.out.println("Reducto emulator listening on " + emulator.baseUrl() + " (API key: " + emulator.apiKey() + ")");
		Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
		new java.util.concurrent.CountDownLatch(1).await();
	}

	private static final String HELP = """
			Usage: java -jar reducto-emulator-exec.jar [options]

			A local, Reducto-compatible API for tests: job endpoints, submissions, uploads, webhooks.

			  --port N                  port to listen on (default 8089; 0 = random)
			  --bind-address ADDRESS    address to listen on (default 127.0.0.1; 0.0.0.0 in a container)
			  --api-key KEY             API key to accept as 'Authorization: Bearer KEY' (default emulator-key)
			  --pending-ms N            how long a new job stays Pending (default 300)
			  --processing-ms N         how long it then runs before it ends (default 1200)
			  --processing-spread-ms N  add a random 0..N ms to each job's running time (default 0)
			  --failure-share F         share of jobs that fail, 0 to 1 (default 0)
			  --error-share F           share of API requests answered 503 (default 0)
			  --rate-limit-share F      share of API requests answered 429 with retry-after: 1 (default 0)
			  --slow-share F            share of API requests answered only after --slow-ms (default 0)
			  --slow-ms N               delay of slow answers (default 2000)
			  --seed-jobs N             start with N completed jobs (default 0)
			  --seed-age-days N         how many days ago the seeded jobs were created (default 0)
			  --webhook-target URL      where Svix-mode webhooks are delivered (default: none)
			  --signing-secret SECRET   whsec_ secret that signs Svix deliveries (default: a test secret)
			  --record-requests BOOL    keep every request in memory for inspection (default false)
			  --help                    this text

			GET /_emulator/ready answers 200 once listening; GET /_emulator/stats counts requests per route.
			""";

	/** Scripts with a fixed wait, a running time spread at random, and a share of failures. */
	public static java.util.function.Supplier<JobScript> randomScripts(long pendingMs, long processingMs, long spreadMs,
			double failureShare) {
		return () -> {
			java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
			Duration processing = Duration.ofMillis(processingMs + ((spreadMs > 0) ? random.nextLong(spreadMs) : 0));
			return (random.nextDouble() < failureShare)
					? JobScript.failsAfter(Duration.ofMillis(pendingMs), processing, "Document is password protected")
					: JobScript.completesAfter(Duration.ofMillis(pendingMs), processing);
		};
	}

	private static String requireValue(String option, @Nullable String value) {
		if (value == null || value.startsWith("--")) {
			System.err.println("Option " + option + " needs a value (try --help)");
			System.exit(2);
		}
		return value;
	}

	/** Builds a {@link ReductoEmulator}. */
	public static final class Builder {

		private int port = 0;

		private String bindAddress = "127.0.0.1";

		private String apiKey = DEFAULT_API_KEY;

		private EmulatorClock clock = EmulatorClock.system();

		private java.util.function.Supplier<JobScript> defaultScripts = constant(
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
		public Builder defaultScripts(java.util.function.Supplier<JobScript> scripts) {
			this.defaultScripts = Objects.requireNonNull(scripts);
			return this;
		}

		/** Whether requests are kept for {@link #requests()} (on by default; off for long runs). */
		public Builder recordRequests(boolean recordRequests) {
			this.recordRequests = recordRequests;
			return this;
		}

		private static java.util.function.Supplier<JobScript> constant(JobScript script) {
			return () -> script;
		}

		/** A new, not yet started emulator. */
		public ReductoEmulator build() {
			return new ReductoEmulator(this);
		}

	}

}
