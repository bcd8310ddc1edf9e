package io.github.reductospring.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;

import io.github.reductospring.client.tracking.JobTracker;

/**
 * Publishes the tracker's updates as {@link JobStatusChangedEvent}s while the application runs, and closes the
 * tracker first when it stops, so that pending waits end with a shutdown error instead of hanging. The starter's
 * tracker is made on first use, often after startup: it {@link #attach attaches} itself then, and what reads it
 * without needing it at startup (its metrics) is handed it {@link #whenMade when made}.
 */
final class JobTrackerLifecycle implements SmartLifecycle {

	/** Spring Boot's {@code WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE}, without needing a web server. */
	static final int WEB_SERVER_GRACEFUL_SHUTDOWN_PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	private final Supplier<@Nullable JobTracker> madeTracker;

	private final Supplier<@Nullable JobTracker> trackerNeededAtStart;

	private final @Nullable ApplicationEventPublisher publisher;

	private final Object lock = new Object();

	private @Nullable JobTracker tracker;

	private final List<Consumer<JobTracker>> whenMade = new ArrayList<>();

	private boolean running;

	private volatile @Nullable Disposable subscription;

	/**
	 * @param madeTracker the application's tracker if it is made already, else {@code null}
	 * @param trackerNeededAtStart the tracker if it must run from startup (a shared registry), else {@code null}
	 * @param publisher where updates are published, {@code null} for none
	 */
	JobTrackerLifecycle(Supplier<@Nullable JobTracker> madeTracker, Supplier<@Nullable JobTracker> trackerNeededAtStart,
			@Nullable ApplicationEventPublisher publisher) {
		this.madeTracker = madeTracker;
		this.trackerNeededAtStart = trackerNeededAtStart;
		this.publisher = publisher;
	}

	/** Takes the tracker in hand, once it is made: the first one only, and once. */
	void attach(JobTracker made) {
		List<Consumer<JobTracker>> waiting;
		boolean started;
		synchronized (this.lock) {
			if (this.tracker != null) {
				return;
			}
			this.tracker = made;
			waiting = List.copyOf(this.whenMade);
			this.whenMade.clear();
			started = this.running;
		}
		waiting.forEach((action) -> action.accept(made));
		if (started) {
			takePart(made);
		}
	}

	/**
	 * Runs the action with the tracker once it is made (now, if it is): for what reads the tracker without needing it
	 * made at startup, such as its metrics.
	 */
	void whenMade(Consumer<JobTracker> action) {
		JobTracker made;
		synchronized (this.lock) {
			made = this.tracker;
			if (made == null) {
				this.whenMade.add(action);
				return;
			}
		}
		action.accept(made);
	}

	@Override
	public void start() {
		JobTracker made = this.madeTracker.get();
		if (made == null) {
			made = this.trackerNeededAtStart.get();
		}
		if (made != null) {
			attach(made);
		}
		synchronized (this.lock) {
			this.running = true;
			made = this.tracker;
		}
		if (made != null) {
			takePart(made);
		}
	}

	private void takePart(JobTracker made) {
		ApplicationEventPublisher events = this.publisher;
		if (events != null) {
			// Subscribed when the tracker becomes active, before it publishes anything: an application that has not
			// tracked a job yet pays nothing for the bridge.
			made.onActivation(() -> subscribe(made, events));
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
		JobTracker made;
		synchronized (this.lock) {
			this.running = false;
			made = this.tracker;
		}
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
		synchronized (this.lock) {
			return this.running;
		}
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
