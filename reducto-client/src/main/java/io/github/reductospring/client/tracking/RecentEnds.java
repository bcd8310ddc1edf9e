package io.github.reductospring.client.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

import io.github.reductospring.client.model.JobStatus;

/**
 * The ends the tracker saw in the last hour (at most {@link #CAPACITY}), for failure ratios over a recent window.
 */
final class RecentEnds {

	/** At most this many ends are kept. */
	static final int CAPACITY = 100_000;

	private static final Duration HORIZON = Duration.ofHours(1);

	private final ConcurrentLinkedDeque<End> ends = new ConcurrentLinkedDeque<>();

	void record(JobStatus status) {
		Instant at = Instant.now();
		this.ends.addLast(new End(at, status));
		Instant horizon = at.minus(HORIZON);
		End oldest;
		while ((oldest = this.ends.peekFirst()) != null
				&& (oldest.at().isBefore(horizon) || this.ends.size() > CAPACITY)) {
			this.ends.pollFirst();
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
