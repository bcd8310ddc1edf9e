package io.github.reductospring.autoconfigure.cleanup;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.cleanup.CleanupReport;
import io.github.reductospring.client.cleanup.CleanupRequest;

/**
 * Runs {@code cleanup} on a cron schedule, on Spring's task scheduler. A run never overlaps the previous one (a run
 * that comes due while one is going is skipped), logs one summary line, and tells the listeners (metrics). Failures
 * are logged; the next run tries again, and since nothing is carried over, it picks up whatever is left.
 */
public class ReductoCleanupSweep implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ReductoCleanupSweep.class);

	private final ReactiveJobOperations operations;

	private final CleanupRequest request;

	private final CronTrigger trigger;

	private final TaskScheduler scheduler;

	private final List<CleanupReportListener> listeners;

	private final AtomicBoolean running = new AtomicBoolean();

	private volatile @Nullable ScheduledFuture<?> scheduled;

	/** The last sweep the schedule started (a finished one disposes harmlessly). */
	private volatile @Nullable Disposable inFlight;

	/** A scheduler this sweep created for itself (no application scheduler), shut down with it. */
	private final @Nullable ThreadPoolTaskScheduler ownScheduler;

	public ReductoCleanupSweep(ReactiveJobOperations operations, CleanupRequest request, CronTrigger trigger,
			TaskScheduler scheduler, List<CleanupReportListener> listeners,
			@Nullable ThreadPoolTaskScheduler ownScheduler) {
		this.ownScheduler = ownScheduler;
		this.operations = operations;
		this.request = request;
		this.trigger = trigger;
		this.scheduler = scheduler;
		this.listeners = List.copyOf(listeners);
	}

	/**
	 * Runs a sweep now and waits for it, unless one is running.
	 * @return the report, or empty when a sweep was already running or this one failed
	 */
	public Optional<CleanupReport> runNow() {
		return claim() ? sweep().blockOptional().flatMap((report) -> report) : Optional.empty();
	}

	/**
	 * Starts a sweep unless one is running, and returns at once: what the schedule runs, so that a sweep of 100,000
	 * jobs never holds a thread of the application's {@code TaskScheduler}.
	 */
	void startSweep() {
		if (claim()) {
			this.inFlight = sweep().subscribe();
		}
	}

	/** Whether a sweep is running. */
	public boolean isSweeping() {
		return this.running.get();
	}

	/** Claims the one sweep that may run at a time. */
	private boolean claim() {
		if (this.running.compareAndSet(false, true)) {
			return true;
		}
		logger.info("Reducto cleanup skipped: the previous run is still going");
		return false;
	}

	/** A claimed sweep; it gives the claim back when it ends, fails or is cancelled. */
	private Mono<Optional<CleanupReport>> sweep() {
		return this.operations.cleanup(this.request)
			.map((report) -> {
				logger.info(report.summary());
				this.listeners.forEach((listener) -> listener.onReport(report));
				return Optional.of(report);
			})
			.onErrorResume((ex) -> {
				logger.warn("Reducto cleanup failed; the next run will pick up what is left: " + ex.getMessage());
				return Mono.just(Optional.empty());
			})
			.doFinally((signal) -> this.running.set(false));
	}

	/** The request each run makes. */
	public CleanupRequest getRequest() {
		return this.request;
	}

	@Override
	public void start() {
		this.scheduled = this.scheduler.schedule(this::startSweep, this.trigger);
	}

	/** Stops the schedule and cancels a sweep under way; what it deleted stays deleted, the next run does the rest. */
	@Override
	public void stop() {
		ScheduledFuture<?> future = this.scheduled;
		if (future != null) {
			future.cancel(false);
			this.scheduled = null;
		}
		Disposable sweep = this.inFlight;
		if (sweep != null) {
			sweep.dispose();
		}
		if (this.ownScheduler != null) {
			this.ownScheduler.shutdown();
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduled != null;
	}

}
