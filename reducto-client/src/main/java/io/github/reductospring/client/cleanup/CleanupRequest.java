package io.github.reductospring.client.cleanup;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import io.github.reductospring.client.model.JobStatus;

/**
 * Which old jobs a cleanup deletes: those that ended in one of {@code statuses} and were created more than
 * {@code olderThan} (plus a clock-skew margin) before now, by this machine's clock.
 *
 * @param olderThan the retention: younger jobs are never deleted
 * @param statuses terminal statuses to delete (default COMPLETED, FAILED, CANCELLED)
 * @param dryRun whether to report what would be deleted and delete nothing
 * @param concurrency deletions in flight at once
 * @param clockSkewMargin extra age required, in case the server's clock is behind this machine's
 */
public record CleanupRequest(Duration olderThan, Set<JobStatus> statuses, boolean dryRun, int concurrency,
		Duration clockSkewMargin) {

	/** Terminal statuses deleted by default. */
	public static final Set<JobStatus> ENDED = Set.copyOf(EnumSet.of(JobStatus.COMPLETED, JobStatus.FAILED,
			JobStatus.CANCELLED));

	public CleanupRequest {
		Objects.requireNonNull(olderThan, "olderThan");
		Objects.requireNonNull(clockSkewMargin, "clockSkewMargin");
		if (olderThan.isNegative() || olderThan.isZero()) {
			throw new IllegalArgumentException("CleanupRequest.olderThan must be positive, got " + olderThan);
		}
		statuses = Set.copyOf(statuses);
		if (statuses.isEmpty() || statuses.stream().anyMatch((status) -> !status.isTerminal())) {
			throw new IllegalArgumentException("CleanupRequest.statuses must be terminal statuses (COMPLETED, FAILED, "
					+ "CANCELLED); a cleanup never deletes pending or running jobs, got " + statuses);
		}
		if (concurrency < 1 || concurrency > 64) {
			throw new IllegalArgumentException("CleanupRequest.concurrency must be between 1 and 64, got " + concurrency);
		}
		if (clockSkewMargin.isNegative()) {
			throw new IllegalArgumentException("CleanupRequest.clockSkewMargin must not be negative, got " + clockSkewMargin);
		}
	}

	/** Deletes ended jobs older than {@code retention}, 4 at a time, with a 5-minute clock-skew margin. */
	public static CleanupRequest olderThan(Duration retention) {
		return new CleanupRequest(retention, ENDED, false, 4, Duration.ofMinutes(5));
	}

	/** This request reporting only. */
	public CleanupRequest withDryRun(boolean dryRun) {
		return new CleanupRequest(this.olderThan, this.statuses, dryRun, this.concurrency, this.clockSkewMargin);
	}

	/** This request for other statuses. */
	public CleanupRequest withStatuses(Set<JobStatus> statuses) {
		return new CleanupRequest(this.olderThan, statuses, this.dryRun, this.concurrency, this.clockSkewMargin);
	}

	/** This request with another concurrency. */
	public CleanupRequest withConcurrency(int concurrency) {
		return new CleanupRequest(this.olderThan, this.statuses, this.dryRun, concurrency, this.clockSkewMargin);
	}

}
