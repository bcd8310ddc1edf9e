package io.github.reductospring.client.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.reductospring.client.model.JobStatus;

/**
 * The ends the tracker saw in the last hour (at most {@link #CAPACITY}), for failure ratios over a recent window.
 */
final class RecentEnds {

	/** At most this many ends are kept. */
	static final int CAPACITY = 100_000;

	private static final Duration HORIZON = Duration.ofHours(1);

	private final ConcurrentLinkedDeque<End> ends = new ConcurrentLinkedDeque<>();

	/** The deque's size, kept here: the deque counts its elements one by one, on every end. */
	private final AtomicInteger size = new AtomicInteger();

	private final int capacity;

	RecentEnds() {
		this(CAPACITY);
	}

	RecentEnds(int capacity) {
		this.capacity = capacity;
	}

	/** Called from the tracker's thread only. */
	void record(JobStatus status) {
		record(status, Instant.now());
	}

	void record(JobStatus status, Instant at) {
		this.ends.addLast(new End(at, status));
		this.size.incrementAndGet();
		Instant horizon = at.minus(HORIZON);
		End oldest;
		while ((oldest = this.ends.peekFirst()) != null
				&& (oldest.at().isBefore(horizon) || this.size.get() > this.capacity)) {
			if (this.ends.pollFirst() != null) {
				this.size.decrementAndGet();
			}
		}
	}

	/** How many ended since {@code since}, by status. */
	Map<JobStatus, Long> since(Instant since) {
		Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
		for (End end : this.ends) {
			if (!end.at().isBefore(since)) {
				counts.merge(end.status(), 1L, Long::sum);
			}
		}
		return counts;
	}

	private record End(Instant at, JobStatus status) {
	}

}
