package io.github.reductospring.client.tracking;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The tracker's stream of status changes: published once each, from the tracker's thread; every subscriber gets a
 * buffer of its own, and one that falls further behind loses the oldest, counted and logged, never silently.
 */
final class JobUpdates {

	private static final Log logger = LogFactory.getLog(JobTracker.class);

	/** Created on first use: a tracker that is never used loads no Reactor. */
	private volatile Sinks.@Nullable Many<JobUpdate> sink;

	private final AtomicLong dropped = new AtomicLong();

	private final int bufferPerSubscriber;

	JobUpdates(int bufferPerSubscriber) {
		this.bufferPerSubscriber = bufferPerSubscriber;
	}

	/** Set by {@link #complete()}: a stream created afterwards is created ended. */
	private boolean completed;

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

	/** Called from the tracker's thread only. */
	void publish(JobUpdate update) {
		sink().tryEmitNext(update);
	}

	/** Ends the stream; one that nobody asked for yet is not created for it (at shutdown). */
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
