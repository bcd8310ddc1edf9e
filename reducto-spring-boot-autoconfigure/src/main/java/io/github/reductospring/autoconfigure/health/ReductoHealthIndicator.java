package io.github.reductospring.autoconfigure.health;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import reactor.core.publisher.Mono;

import io.github.reductospring.client.ListQuery;
import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.error.ReductoApiException;
import io.github.reductospring.client.error.ReductoConnectionException;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.tracking.JobTracker;

/**
 * Health of the Reducto API as this application uses it: UP when an authenticated, cheap request
 * ({@code GET /jobs?limit=1&exclude_configs=true}) is answered; DOWN on connection failure, a rejected key or a
 * server error; a configurable status ({@link #DEGRADED} by default) when too many recently ended jobs failed. The
 * result is reused for a while, so probes never eat the rate limit, and a slow API cannot make a probe hang.
 * Details: the base URL (never the key), the check's latency, tracked jobs per status and the recent failure share.
 */
public class ReductoHealthIndicator extends AbstractReactiveHealthIndicator {

	/** Working, but too many jobs fail. Answered with HTTP 200 unless mapped otherwise. */
	public static final Status DEGRADED = new Status("DEGRADED", "Too many Reducto jobs failed recently");

	private final ReactiveJobOperations operations;

	private final Supplier<JobTracker> tracker;

	private final URI baseUrl;

	private final Settings settings;

	private final AtomicReference<@Nullable Cached> cache = new AtomicReference<>();

	private final AtomicReference<@Nullable Mono<Health>> inFlight = new AtomicReference<>();

	/**
	 * @param operations what the check calls
	 * @param tracker the tracker whose jobs the details count, asked for at each check (the starter's is made on
	 * first use: not at startup for the indicator's sake)
	 * @param baseUrl the API's address, shown in the details
	 * @param settings how the indicator checks and judges
	 */
	public ReductoHealthIndicator(ReactiveJobOperations operations, Supplier<JobTracker> tracker, URI baseUrl,
			Settings settings) {
		super("Reducto health check failed");
		this.operations = operations;
		this.tracker = tracker;
		this.baseUrl = baseUrl;
		this.settings = settings;
	}

	@Override
	protected Mono<Health> doHealthCheck(Health.Builder builder) {
		Cached cached = this.cache.get();
		if (cached != null && cached.at().plus(this.settings.cacheTtl()).isAfter(Instant.now())) {
			return Mono.just(cached.health());
		}
		// Concurrent probes share one check.
		return this.inFlight.updateAndGet((running) -> (running != null) ? running : check().doOnNext((health) -> {
			this.cache.set(new Cached(Instant.now(), health));
			this.inFlight.set(null);
		}).doOnError((ignored) -> this.inFlight.set(null)).cache());
	}

	private Mono<Health> check() {
		return Mono.defer(() -> {
			long started = System.nanoTime();
			return this.operations.list(new ListQuery(1, null, true))
				.timeout(this.settings.timeout())
				.map((page) -> healthy(Duration.ofNanos(System.nanoTime() - started)))
				.onErrorResume((failure) -> Mono.just(unhealthy(failure)));
		});
	}

	private Health healthy(Duration latency) {
		Map<String, Object> recent = new LinkedHashMap<>();
		JobTracker tracker = this.tracker.get();
		Map<JobStatus, Long> ended = tracker.endedSince(Instant.now().minus(this.settings.failureWindow()));
		long total = ended.values().stream().mapToLong(Long::longValue).sum();
		long failed = ended.getOrDefault(JobStatus.FAILED, 0L);
		double ratio = (total > 0) ? (double) failed / total : 0;
		recent.put("window", this.settings.failureWindow().toString());
		recent.put("ended", total);
		recent.put("failed", failed);
		recent.put("failureRatio", Math.round(ratio * 1000) / 1000.0);
		boolean tooManyFailures = total >= this.settings.minimumEndedJobs()
				&& ratio >= this.settings.failureRatioThreshold();
		Health.Builder builder = tooManyFailures ? Health.status(this.settings.failureStatus())
			.withDetail("reason", String.format(Locale.ROOT, "%d of %d jobs ended in the last %s failed (threshold %.0f%%)",
					failed, total, this.settings.failureWindow(), this.settings.failureRatioThreshold() * 100))
				: Health.up();
		return withCommonDetails(builder, tracker).withDetail("latency", latency.toMillis() + "ms")
			.withDetail("recentJobs", recent)
			.build();
	}

	private Health unhealthy(Throwable failure) {
		String reason;
		if (failure instanceof TimeoutException) {
			reason = "no answer within " + this.settings.timeout();
		}
		else if (failure instanceof ReductoApiException api
				&& (api.getStatusCode() == 401 || api.getStatusCode() == 403)) {
			reason = "the API key was rejected (" + api.getStatusCode() + "); check reducto.api-key";
		}
		else if (failure instanceof ReductoApiException api) {
			reason = "Reducto answered " + api.getStatusCode();
		}
		else if (failure instanceof ReductoConnectionException) {
			reason = "cannot reach " + this.baseUrl;
		}
		else {
			reason = "the check failed: " + failure.getClass().getSimpleName();
		}
		return withCommonDetails(Health.down(), this.tracker.get()).withDetail("reason", reason)
			.withDetail("error", failure.getClass().getSimpleName())
			.build();
	}

	private Health.Builder withCommonDetails(Health.Builder builder, JobTracker tracker) {
		Map<String, Long> tracked = new LinkedHashMap<>();
		tracker.trackedByStatus()
			.forEach((status, count) -> tracked.put(status.name().toLowerCase(Locale.ROOT), count));
		return builder.withDetail("baseUrl", this.baseUrl.toString()).withDetail("trackedJobs", tracked);
	}

	private record Cached(Instant at, Health health) {
	}

	/**
	 * How the indicator checks and judges.
	 *
	 * @param timeout longest wait for the API's answer
	 * @param cacheTtl how long a result is reused
	 * @param failureWindow window of the failure share
	 * @param failureRatioThreshold failure share from which {@code failureStatus} is reported
	 * @param minimumEndedJobs ended jobs needed before the share counts
	 * @param failureStatus status for too many failures
	 */
	public record Settings(Duration timeout, Duration cacheTtl, Duration failureWindow, double failureRatioThreshold,
			int minimumEndedJobs, Status failureStatus) {
	}

}
