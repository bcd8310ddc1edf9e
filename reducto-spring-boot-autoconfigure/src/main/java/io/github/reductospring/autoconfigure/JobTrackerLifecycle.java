package io.github.reductospring.autoconfigure;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;

import io.github.reductospring.client.tracking.JobTracker;

/**
 * Publishes the tracker's updates as {@link JobStatusChangedEvent}s while the application runs, and closes the
 * tracker first when it stops, so that pending waits end with a shutdown error instead of hanging.
 */
final class JobTrackerLifecycle implements SmartLifecycle {

	/** Spring Boot's {@code WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE}, without needing a web server. */
	static final int WEB_SERVER_GRACEFUL_SHUTDOWN_PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	private final Supplier<@Nullable JobTracker> tracker;

	private final @Nullable ApplicationEventPublisher publisher;

	private volatile @Nullable JobTracker started;

	private volatile @Nullable Disposable subscription;

	/**
	 * @param tracker the application's tracker, if there is one
	 * @param publisher where updates are published, {@code null} for none
	 */
	JobTrackerLifecycle(Supplier<@Nullable JobTracker> tracker, @Nullable ApplicationEventPublisher publisher) {
		this.tracker = tracker;
		this.publisher = publisher;
	}

	@Override
	public void start() {
		JobTracker made = this.tracker.get();
		if (made == null) {
			return;
		}
		this.started = made;
		ApplicationEventPublisher events = this.publisher;
		if (events != null) {
			subscribe(made, events);
		}
		// After the event bridge: with a shared registry, the tracker takes part in the cluster from startup, and ends
		// recorded while no instance ran are published at once. Alone, it starts with its first job.
		if (made.isShared()) {
			made.start();
		}
	}

	private void subscribe(JobTracker made, ApplicationEventPublisher events) {
		// Listeners run off the tracker's thread, in order, so a slow one cannot hold up tracking; none is dropped, and
		// with a shared registry an end is marked published only once they returned.
		this.subscription = made.deliverTo((update) -> events.publishEvent(new JobStatusChangedEvent(made, update)));
	}

	@Override
	public void stop() {
		JobTracker made = this.started;
		this.started = null;
		if (made != null) {
			made.close();
		}
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
		return this.started != null;
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
