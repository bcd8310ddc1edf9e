package io.github.reductospring.client.tracking;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The tracker's status changes, published once each from the tracker's thread, two ways:
 * <ul>
 * <li>{@link #flux()}, for readers such as meters: every subscriber gets a buffer of its own, and one that falls
 * further behind loses the oldest, counted and logged, never silently;</li>
 * <li>the {@link #deliverTo delivery listener} (the application's listeners): every change, in order, one at a time,
 * off the tracker's thread; nothing is dropped. With a shared registry an end is marked published only once the
 * listener returned, so that an instance that dies before leaves it to the next poller: at least once.</li>
 * </ul>
 */
final class JobUpdates {

	private static final Log logger = LogFactory.getLog(JobTracker.class);

	/** At most this many ends are marked published in one registry write. */
	private static final int MARK_BATCH = 500;

	/** How often marking ends published is tried before they are left to the poller to deliver again. */
	private static final int MARK_ATTEMPTS = 3;

	/** Created on first use: a tracker that is never used loads no Reactor. */
	private volatile Sinks.@Nullable Many<JobUpdate> sink;

	private final AtomicLong dropped = new AtomicLong();

	private final int bufferPerSubscriber;

	/** Where ends are marked published, with a shared registry. */
	private final @Nullable ClusterCoordination cluster;

	private volatile @Nullable Consumer<JobUpdate> listener;

	/** Changes not yet delivered, in the order published; drained by one task at a time. */
	private final Queue<JobUpdate> undelivered = new ConcurrentLinkedQueue<>();

	/** The drain's work-in-progress count: the task that raises it from zero drains until it falls back to zero. */
	private final AtomicInteger draining = new AtomicInteger();

	/** Set by {@link #complete()}: a stream created afterwards is created ended, and nothing more is delivered. */
	private volatile boolean completed;

	JobUpdates(int bufferPerSubscriber, @Nullable ClusterCoordination cluster) {
		this.bufferPerSubscriber = bufferPerSubscriber;
		this.cluster = cluster;
	}

	private Sinks.Many<JobUpdate> sink() {
		Sinks.Many<JobUpdate> created = this.sink;
		if (created == null) {
			synchronized (this) {
				created = this.sink;
				if (created == null) {
					created = Sinks.many().multicast().directBestEffort();
					if (this.completed) {
						created.tryEmitComplete();
					}
					this.sink = created;
				}
			}
		}
		return created;
	}

	Flux<JobUpdate> flux() {
		return sink().asFlux()
			.onBackpressureBuffer(this.bufferPerSubscriber, this::drop, BufferOverflowStrategy.DROP_OLDEST);
	}

	/** See {@link JobTracker#deliverTo(Consumer)}. */
	synchronized Disposable deliverTo(Consumer<JobUpdate> listener) {
		if (this.listener != null) {
			throw new IllegalStateException("The tracker delivers its updates to one listener, and it has one");
		}
		this.listener = listener;
		return new Disposable() {

			@Override
			public void dispose() {
				synchronized (JobUpdates.this) {
					if (JobUpdates.this.listener == listener) {
						JobUpdates.this.listener = null;
					}
				}
			}

			@Override
			public boolean isDisposed() {
				return JobUpdates.this.listener != listener;
			}

		};
	}

	/** Called from the tracker's thread only. */
	void publish(JobUpdate update) {
		sink().tryEmitNext(update);
		// Without a listener, an end is published once handed to the stream; it is still marked off this thread.
		if (this.listener != null || (update.job().isTerminal() && this.cluster != null)) {
			this.undelivered.add(update);
			if (this.draining.getAndIncrement() == 0) {
				try {
					Schedulers.boundedElastic().schedule(this::drain);
				}
				catch (RejectedExecutionException shuttingDown) {
					// Left unmarked: the next poller publishes the ends again.
					this.draining.set(0);
				}
			}
		}
	}

	/** Delivers what is queued, in order, then marks the ends among it published: on a thread that may block. */
	private void drain() {
		int missed = 1;
		List<String> ends = new ArrayList<>();
		while (true) {
			JobUpdate update;
			while (!this.completed && (update = this.undelivered.poll()) != null) {
				deliver(update);
				if (update.job().isTerminal()) {
					ends.add(update.job().jobId());
					if (ends.size() == MARK_BATCH) {
						markPublished(ends);
					}
				}
			}
			markPublished(ends);
			missed = this.draining.addAndGet(-missed);
			if (missed == 0) {
				return;
			}
		}
	}

	private void deliver(JobUpdate update) {
		Consumer<JobUpdate> delivery = this.listener;
		if (delivery == null) {
			return;
		}
		try {
			delivery.accept(update);
		}
		catch (RuntimeException ex) {
			// The listener had the event: it is not delivered again, which would repeat it to the listeners that did
			// not fail.
			logger.warn("A listener of the Reducto job tracker's updates failed on " + update.eventId() + ": " + ex,
					ex);
		}
	}

	private void markPublished(List<String> ends) {
		ClusterCoordination marks = this.cluster;
		if (ends.isEmpty() || marks == null) {
			ends.clear();
			return;
		}
		// A mark that fails is a repeat delivery later: tried again a little later, as most such failures pass (a
		// deadlock, a connection lost).
		for (int attempt = 1; attempt <= MARK_ATTEMPTS; attempt++) {
			try {
				marks.markPublished(List.copyOf(ends));
				break;
			}
			catch (RuntimeException ex) {
				if (attempt == MARK_ATTEMPTS || !pause(Duration.ofMillis(100L * attempt))) {
					logger.warn("Could not mark " + ends.size() + " job ends as published; the poller delivers them "
							+ "again: " + ex);
					break;
				}
			}
		}
		ends.clear();
	}

	/** Waits on the delivering thread, where blocking is allowed; whether it was not interrupted. */
	private static boolean pause(Duration pause) {
		try {
			Thread.sleep(pause.toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Ends the stream, and delivery: what was not delivered yet is not, and stays unmarked for the next poller. A
	 * stream that nobody asked for yet is not created for it (at shutdown).
	 */
	synchronized void complete() {
		this.completed = true;
		Sinks.Many<JobUpdate> created = this.sink;
		if (created != null) {
			created.tryEmitComplete();
		}
	}

	boolean isCreated() {
		return this.sink != null;
	}

	long dropped() {
		return this.dropped.get();
	}

	private void drop(JobUpdate update) {
		long count = this.dropped.incrementAndGet();
		if (count == 1 || count % 1000 == 0) {
			logger.warn("A subscriber of the Reducto job tracker's updates does not keep up: " + count
					+ " updates dropped so far, the oldest first (TrackingSettings.updateBuffer is "
					+ this.bufferPerSubscriber + " per subscriber)");
		}
	}

}
