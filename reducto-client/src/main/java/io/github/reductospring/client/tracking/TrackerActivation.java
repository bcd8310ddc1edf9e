package io.github.reductospring.client.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;

/**
 * The tracker's thread, created when the tracker is first used, and what is to run just before: a tracker that is
 * never used costs no thread, and what subscribes to its updates costs nothing until it tracks a job.
 */
final class TrackerActivation {

	private final Supplier<Scheduler> schedulerFactory;

	private final BooleanSupplier closed;

	private final List<Runnable> actions = new ArrayList<>();

	private volatile @Nullable Scheduler scheduler;

	TrackerActivation(Supplier<Scheduler> schedulerFactory, BooleanSupplier closed) {
		this.schedulerFactory = schedulerFactory;
		this.closed = closed;
	}

	/** The tracker's scheduler; the first call creates it, after running the actions waiting for it. */
	Scheduler scheduler() {
		Scheduler created = this.scheduler;
		if (created != null) {
			return created;
		}
		synchronized (this.actions) {
			created = this.scheduler;
			if (created != null) {
				return created;
			}
			// The actions run before the scheduler is visible: nothing can be published before they ran.
			List<Runnable> waiting = List.copyOf(this.actions);
			this.actions.clear();
			waiting.forEach(Runnable::run);
			created = Objects.requireNonNull(this.schedulerFactory.get(), "scheduler");
			if (this.closed.getAsBoolean()) {
				// Closed before it was ever used: what is scheduled now is refused, as after any close.
				created.dispose();
			}
			this.scheduler = created;
		}
		return created;
	}

	/** Runs {@code action} just before activation, or at once if the tracker is active. */
	void onActivation(Runnable action) {
		Objects.requireNonNull(action, "action");
		synchronized (this.actions) {
			if (this.scheduler == null) {
				this.actions.add(action);
				return;
			}
		}
		action.run();
	}

	boolean isActive() {
		return this.scheduler != null;
	}

	/** Disposes the scheduler, if there is one. */
	void dispose() {
		Scheduler created = this.scheduler;
		if (created != null) {
			created.dispose();
		}
	}

}
