package io.github.reductospring.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.resources.ConnectionProvider;

import io.github.reductospring.client.http.ConnectionPoolSettings;
import io.github.reductospring.client.http.RateLimitSettings;
import io.github.reductospring.client.http.ReductoCallObserver;
import io.github.reductospring.client.http.ReductoHttpPipeline;
import io.github.reductospring.client.retry.RetrySettings;
import io.github.reductospring.client.tracking.ClusterCoordination;
import io.github.reductospring.client.tracking.JobTracker;
import io.github.reductospring.client.tracking.PollingSettings;
import io.github.reductospring.client.tracking.TrackedJobRegistry;
import io.github.reductospring.client.tracking.TrackingSettings;
import io.github.reductospring.client.webhook.WebhookSettings;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the HTTP-based {@link ReactiveJobOperations}, whose calls go through a WebClient (started from the builder
 * given, or a new one) over Reactor Netty or the connector given.
 * <pre>{@code
 * ReactiveJobOperations reducto = ReactiveJobOperations.builder()
 *     .apiKey(System.getenv("REDUCTO_API_KEY"))
 *     .build();
 * JobOperations jobs = JobOperations.blocking(reducto);
 * }</pre>
 * {@link #build()} builds the three parts in order: the {@link ReductoHttpPipeline}, the {@link JobTracker} that
 * reads jobs through it, and the operations over both. Build them one by one ({@link #buildPipeline()},
 * {@link #buildTracker(ReductoHttpPipeline)}, {@link #build(ReductoHttpPipeline, JobTracker)}) to share or replace
 * a part, as the Spring Boot starter does.
 */
public final class ReductoClientBuilder {

	/** Reducto's production API. */
	public static final URI DEFAULT_BASE_URL = ReductoEnvironment.US.baseUrl();

	private @Nullable Supplier<WebClient.Builder> webClientBuilder;

	private @Nullable ClientHttpConnector connector;

	private @Nullable Function<ConnectionProvider, ClientHttpConnector> pooledConnector;

	private ConnectionPoolSettings connectionPool = ConnectionPoolSettings.DEFAULTS;

	private final List<Consumer<WebClient.Builder>> customizers = new ArrayList<>();

	private URI baseUrl = DEFAULT_BASE_URL;

	private @Nullable String apiKey;

	private RetrySettings retry = RetrySettings.DEFAULTS;

	private PollingSettings polling = PollingSettings.DEFAULTS;

	private RateLimitSettings rateLimit = RateLimitSettings.DEFAULTS;

	private TrackingSettings tracking = TrackingSettings.DEFAULTS;

	private @Nullable WebhookSettings webhook;

	private Duration connectTimeout = Duration.ofSeconds(10);

	private Duration readTimeout = Duration.ofSeconds(60);

	private int maxResponseBytes = 64 * 1024 * 1024;

	private ReductoCallObserver observer = ReductoCallObserver.NOOP;

	private @Nullable JsonMapper jsonMapper;

	private @Nullable TrackedJobRegistry trackedJobRegistry;

	private @Nullable ClusterCoordination clusterCoordination;

	ReductoClientBuilder() {
	}

	/**
	 * The WebClient builder the client's WebClient starts from (cloned, never changed), so that its filters, codecs and
	 * observations apply to every call; Spring Boot's, with the application's customizers, in the starter. Without
	 * one, a new builder. Its connector is kept unless one is set here, and then {@link #connectTimeout(Duration)} and
	 * {@link #readTimeout(Duration)} do not apply.
	 */
	public ReductoClientBuilder webClientBuilder(WebClient.Builder webClientBuilder) {
		Objects.requireNonNull(webClientBuilder);
		this.webClientBuilder = () -> webClientBuilder;
		return this;
	}

	/**
	 * Where the WebClient builder to start from comes from, asked on the client's first call, not when it is built.
	 */
	public ReductoClientBuilder webClientBuilder(Supplier<WebClient.Builder> webClientBuilder) {
		this.webClientBuilder = Objects.requireNonNull(webClientBuilder);
		return this;
	}

	/**
	 * The connector to use instead of the default one; its connection pool is its own business (shared, perhaps, with
	 * other clients). Prefer {@link #clientConnectorFactory(Function)}.
	 */
	public ReductoClientBuilder clientConnector(ClientHttpConnector connector) {
		this.connector = Objects.requireNonNull(connector);
		this.pooledConnector = null;
		return this;
	}

	/**
	 * Builds the connector, on the client's first call, over the connection pool the client creates for itself
	 * ({@link #connectionPool(ConnectionPoolSettings)}) and closes with itself (for example one built by Spring Boot
	 * with this client's timeouts and SSL settings). A connector that is not Reactor Netty's may leave the pool unused.
	 */
	public ReductoClientBuilder clientConnectorFactory(Function<ConnectionProvider, ClientHttpConnector> connector) {
		this.pooledConnector = Objects.requireNonNull(connector);
		this.connector = null;
		return this;
	}

	/** The client's own connection pool (default {@link ConnectionPoolSettings#DEFAULTS}). */
	public ReductoClientBuilder connectionPool(ConnectionPoolSettings connectionPool) {
		this.connectionPool = Objects.requireNonNull(connectionPool);
		return this;
	}

	/** A change to this client's WebClient (not the result fetcher's), applied after the library's own settings. */
	public ReductoClientBuilder customizer(Consumer<WebClient.Builder> customizer) {
		this.customizers.add(Objects.requireNonNull(customizer));
		return this;
	}

	/** The API's base URL (default {@link #DEFAULT_BASE_URL}). */
	public ReductoClientBuilder baseUrl(URI baseUrl) {
		Objects.requireNonNull(baseUrl, "baseUrl");
		if (!"http".equalsIgnoreCase(baseUrl.getScheme()) && !"https".equalsIgnoreCase(baseUrl.getScheme())) {
			throw new IllegalArgumentException("ReductoClientBuilder.baseUrl must be an http or https URL, got " + baseUrl);
		}
		this.baseUrl = baseUrl;
		return this;
	}

	/** The API key, sent as {@code Authorization: Bearer}. */
	public ReductoClientBuilder apiKey(String apiKey) {
		this.apiKey = apiKey;
		return this;
	}

	/** Retry settings (default {@link RetrySettings#DEFAULTS}). */
	public ReductoClientBuilder retry(RetrySettings retry) {
		this.retry = Objects.requireNonNull(retry);
		return this;
	}

	/** How {@code await} polls (default {@link PollingSettings#DEFAULTS}). */
	public ReductoClientBuilder polling(PollingSettings polling) {
		this.polling = Objects.requireNonNull(polling);
		return this;
	}

	/** Client-side pacing of requests (default {@link RateLimitSettings#DEFAULTS}). */
	public ReductoClientBuilder rateLimit(RateLimitSettings rateLimit) {
		this.rateLimit = Objects.requireNonNull(rateLimit);
		return this;
	}

	/** How the job tracker refreshes watched jobs (default {@link TrackingSettings#DEFAULTS}). */
	public ReductoClientBuilder tracking(TrackingSettings tracking) {
		this.tracking = Objects.requireNonNull(tracking);
		return this;
	}

	/** The webhook that submitted jobs get when their request names none (and the direct-mode token). */
	public ReductoClientBuilder webhook(@Nullable WebhookSettings webhook) {
		this.webhook = webhook;
		return this;
	}

	/** Connect timeout of the default connector. */
	public ReductoClientBuilder connectTimeout(Duration connectTimeout) {
		this.connectTimeout = positive(connectTimeout, "ReductoClientBuilder.connectTimeout");
		return this;
	}

	/** Read timeout (per attempt) of the default connector. */
	public ReductoClientBuilder readTimeout(Duration readTimeout) {
		this.readTimeout = positive(readTimeout, "ReductoClientBuilder.readTimeout");
		return this;
	}

	/** Largest response body accepted, in bytes (default 64 MB). */
	public ReductoClientBuilder maxResponseBytes(int maxResponseBytes) {
		if (maxResponseBytes < 1024) {
			throw new IllegalArgumentException("ReductoClientBuilder.maxResponseBytes must be at least 1024, got " + maxResponseBytes);
		}
		this.maxResponseBytes = maxResponseBytes;
		return this;
	}

	/** Observes every call (default: records nothing). */
	public ReductoClientBuilder observer(ReductoCallObserver observer) {
		this.observer = Objects.requireNonNull(observer);
		return this;
	}

	/**
	 * The application's JSON mapper: its modules and settings are kept, and a copy gets the few settings the wire
	 * needs (snake_case names, unknown fields ignored). Without one, a mapper built once for all clients is used.
	 */
	public ReductoClientBuilder jsonMapper(JsonMapper jsonMapper) {
		this.jsonMapper = Objects.requireNonNull(jsonMapper);
		return this;
	}

	/** Where the tracker keeps the jobs it watches (default {@link TrackedJobRegistry#inMemory()}). */
	public ReductoClientBuilder trackedJobRegistry(TrackedJobRegistry trackedJobRegistry) {
		this.trackedJobRegistry = Objects.requireNonNull(trackedJobRegistry);
		return this;
	}

	/**
	 * How the tracker works with the other instances' trackers over a registry they share (default none: a registry
	 * in memory); one per tracker.
	 */
	public ReductoClientBuilder clusterCoordination(ClusterCoordination clusterCoordination) {
		this.clusterCoordination = Objects.requireNonNull(clusterCoordination);
		return this;
	}

	/**
	 * The operations, with a pipeline and a tracker of their own, which {@link ReactiveJobOperations#close()}
	 * closes.
	 */
	public ReactiveJobOperations build() {
		ReductoHttpPipeline pipeline = buildPipeline();
		JobTracker tracker = buildTracker(pipeline);
		return new HttpJobOperations(pipeline, new HttpJobSource(pipeline), tracker, this.webhook, () -> {
			tracker.close();
			pipeline.close();
		});
	}

	/**
	 * The operations over a pipeline and a tracker built before (and possibly shared); closing the operations
	 * leaves both open: whoever built them closes them.
	 * @param pipeline the pipeline every call goes through
	 * @param tracker the tracker that {@code await} waits through
	 * @return the operations
	 */
	public ReactiveJobOperations build(ReductoHttpPipeline pipeline, JobTracker tracker) {
		return new HttpJobOperations(pipeline, new HttpJobSource(pipeline), tracker, this.webhook, () -> {
		});
	}

	/**
	 * A tracker that reads jobs through the pipeline, with this builder's tracking and polling settings and registry.
	 * @param pipeline the pipeline it reads through
	 * @return the tracker, idle until the first job is tracked; on a shared registry, started, as it takes part in
	 * the cluster from the start (build it with the constructor and {@link JobTracker#start()} it after subscribing to
	 * its updates to see every end published at takeover)
	 */
	public JobTracker buildTracker(ReductoHttpPipeline pipeline) {
		TrackedJobRegistry registry = (this.trackedJobRegistry != null) ? this.trackedJobRegistry
				: TrackedJobRegistry.inMemory();
		JobTracker tracker = new JobTracker(jobSource(pipeline), this.tracking, this.polling, registry,
				this.clusterCoordination);
		if (tracker.isShared()) {
			tracker.start();
		}
		return tracker;
	}

	/**
	 * The job reads a tracker needs ({@code GET /job/{id}}, {@code GET /jobs}, {@code POST /cancel/{id}}) over a
	 * pipeline, for a tracker built by hand.
	 * @param pipeline the pipeline
	 * @return the source
	 */
	public static JobTracker.JobSource jobSource(ReductoHttpPipeline pipeline) {
		return new HttpJobSource(pipeline);
	}

	/**
	 * The pipeline every call goes through: the transport, pacing, retries, deadlines and observation. The settings
	 * are checked now; the connector, any WebClient and the connection pool are built on the first call.
	 */
	public ReductoHttpPipeline buildPipeline() {
		String key = this.apiKey;
		if (key == null || key.isBlank()) {
			throw new IllegalArgumentException("A Reducto API key is required: call apiKey(...) with your key");
		}
		JsonMapper applicationMapper = this.jsonMapper;
		// Built when first needed, as the HTTP clients are: a mapper copy is not free at startup.
		Supplier<JsonMapper> json = () -> (applicationMapper != null) ? WireMapping.configure(applicationMapper)
				: WireMapping.DEFAULT_JSON;
		// The builder's settings as they are now, carried out on the first call.
		TransportChoice transport = new TransportChoice(this.webClientBuilder, this.connector, this.pooledConnector,
				this.connectionPool, this.customizers, this.connectTimeout, this.readTimeout);
		String authorization = "Bearer " + key.trim();
		Supplier<ReductoHttpPipeline.Clients> clients = () -> transport.build(authorization);
		return new ReductoHttpPipeline(this.baseUrl, clients, json, key.trim(), this.retry, this.rateLimit,
				this.maxResponseBytes, this.observer);
	}

	/** {@code reducto-spring-boot/VERSION (Java VERSION)}. */
	public static String userAgent() {
		return "reducto-spring-boot/" + version() + " (Java " + System.getProperty("java.version") + ")";
	}

	/**
	 * The library's version, sent in the {@code User-Agent}.
	 * @return the version this jar was built as, {@code unknown} if it cannot tell
	 */
	public static String version() {
		return Version.VALUE;
	}

	private static Duration positive(Duration duration, String what) {
		if (duration == null || (duration.isNegative() || duration.isZero())) {
			throw new IllegalArgumentException(what + " must be positive, got " + duration);
		}
		return duration;
	}

	/** Read when first asked for, not when a builder is first made: a resource read from a nested jar at startup. */
	private static final class Version {

		static final String VALUE = readVersion();

	}

	private static String readVersion() {
		try (InputStream in = ReductoClientBuilder.class.getResourceAsStream("version.properties")) {
			Properties properties = new Properties();
			if (in != null) {
				properties.load(in);
			}
			return properties.getProperty("version", "unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	@Override
	public String toString() {
		return "ReductoClientBuilder[baseUrl=" + this.baseUrl + ", apiKey=" + ((this.apiKey != null) ? "[set]" : "[unset]")
				+ "]";
	}

}
