package io.github.reductospring.client.tracking;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.github.reductospring.client.model.Job;

/**
 * One bulk refresh: reads the job list newest first and stops as soon as every wanted job was seen, or when the list
 * reaches jobs created before the oldest of them (none of ours can follow), or after {@link #MAX_JOBS}.
 */
final class BulkScan {

	/** A scan never reads more than this many jobs (200 pages of 500), whatever the list holds. */
	static final int MAX_JOBS = 100_000;

	private final Set<String> wanted;

	private final Set<String> unseen;

	private final Instant scanDownTo;

	private BulkScan(Set<String> wanted, Instant scanDownTo) {
		this.wanted = wanted;
		this.unseen = new HashSet<>(wanted);
		this.scanDownTo = scanDownTo;
	}

	/**
	 * A scan for the watched jobs that are not being read on their own, or {@code null} when there are none.
	 * @param active the jobs watched and not ended
	 * @return the scan, not started
	 */
	static @Nullable BulkScan of(Collection<WatchedJob> active) {
		Set<String> wanted = new HashSet<>();
		Instant oldest = null;
		for (WatchedJob entry : active) {
			Instant bound = entry.createdNoEarlierThan;
			if (!entry.fetching && entry.registered && bound != null) {
				wanted.add(entry.jobId);
				oldest = (oldest == null || bound.isBefore(oldest)) ? bound : oldest;
			}
		}
		return (oldest != null) ? new BulkScan(wanted, oldest) : null;
	}

	/** Runs the scan: the wanted jobs seen, in list order. {@link #unseen()} is complete once it has ended. */
	Mono<List<Job>> run(JobTracker.JobSource source) {
		return source.newestFirst()
			.take(MAX_JOBS)
			.takeWhile((job) -> job.createdAt() == null || !job.createdAt().isBefore(this.scanDownTo))
			.filter((job) -> this.wanted.contains(job.jobId()))
			.takeUntil((job) -> {
				this.unseen.remove(job.jobId());
				return this.unseen.isEmpty();
			})
			.collectList();
	}

	Set<String> wanted() {
		return this.wanted;
	}

	Set<String> unseen() {
		return this.unseen;
	}

}
