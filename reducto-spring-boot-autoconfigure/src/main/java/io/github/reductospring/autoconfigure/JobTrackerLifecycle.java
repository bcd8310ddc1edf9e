package io.github.reductospring.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

import io.github.reductospring.client.tracking.JobTracker;

/**
 * Publishes the tracker's updates as {@link JobStatusChangedEvent}s while the application runs, and closes the
 * tracker first when it stops, so that pending waits end with a shutdown error instead of hanging.
 */
final class JobTrackerLifecycle implements SmartLifecycle {

	/** Spring Boot's {@code WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE}, without needing a web server. */
	static final int WEB_SERVER_GRACEFUL_SHUTDOWN_PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	private final JobTracker tracker;

	private final @Nullable ApplicationEventPublisher publisher;

	private volatile @Nullable Disposable subscription;

	private volatile boolean running;

	JobTrackerLifecycle(JobTracker tracker, @Nullable ApplicationEventPublisher publisher) {
		this.tracker = tracker;
		this.publisher = publisher;
	}

	@Override
	public void start() {
		ApplicationEventPublisher events = this.publisher;
		if (events != null) {
			// Subscribed when the tracker becomes active, before it publishes anything: an application that has not
			// tracked a job yet pays nothing for the bridge at startup.
			this.tracker.onActivation(() -> subscribe(events));
		}
		// After the event bridge: with a shared registry, the tracker takes part in the cluster from startup, and ends
		// recorded while no instance ran are published at once. Alone, it starts with its first job.
		if (this.tracker.isShared()) {
			this.tracker.start();
		}
		this.running = true;
	}

	private void subscribe(ApplicationEventPublisher events) {
		// Listeners run off the tracker's thread, in order, so a slow one cannot hold up tracking; updates() holds a
		// bounded buffer for them, and counts what slow listeners lose.
		this.subscription = this.tracker.updates()
			.publishOn(Schedulers.boundedElastic())
			.subscribe((update) -> events
				.publishEvent(new JobStatusChangedEvent(this.tracker, update.job(), update.previousStatus())));
	}

	@Override
	public void stop() {
		this.running = false;
		this.tracker.close();
		Disposable events = this.subscription;
		if (events != null) {
			events.dispose();
		}
	}

	/** Whether the tracker's updates are being published as events. */
	boolean isPublishingEvents() {
		Disposable events = this.subscription;
		return events != null && !events.isDisposed();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops just after the web server's graceful shutdown ({@code WebServerGracefulShutdownLifecycle}'s phase, one
	 * below): requests in flight that wait for a job get their answer, bounded by
	 * {@code spring.lifecycle.timeout-per-shutdown-phase}; what still waits after it ends with
	 * {@code JobTrackingStoppedException}.
	 */
	@Override
	public int getPhase() {
		return WEB_SERVER_GRACEFUL_SHUTDOWN_PHASE - 1;
	}

}
