package io.github.reductospring.client.tracking;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.github.reductospring.client.model.JobStatus;

/**
 * Where the {@link JobTracker} keeps the jobs it watches: which jobs, their last known status and whether they
 * ended. The tracker asks it before it reports a change, so that a registry shared by several trackers can let each
 * change be reported once. What only makes sense inside one JVM (who is waiting, when to poll next) stays in the
 * tracker.
 * <p>
 * {@link #inMemory()} is the default. Implementations are called from the tracker's thread and from webhook
 * deliveries, concurrently: they must be thread-safe.
 */
public interface TrackedJobRegistry {

	/** How many ended jobs the in-memory registry remembers, so that late webhooks for them are recognised. */
	int DEFAULT_ENDED_CAPACITY = 100_000;

	/**
	 * Starts watching a job, or returns it as registered already.
	 * @param jobId the job
	 * @param createdNoEarlierThan a lower bound of its creation time, until the job is seen
	 * @return the job as registered
	 */
	TrackedJob register(String jobId, Instant createdNoEarlierThan);

	/**
	 * The job as registered: watched, or ended while it was watched (and still remembered).
	 * @param jobId the job
	 * @return the job, or {@code null} if this registry does not know it
	 */
	@Nullable TrackedJob find(String jobId);

	/**
	 * Records a status seen for a watched job, if the registered status is still {@code expected}: this
	 * compare-and-set is what lets one change be reported once. A terminal status ends the job.
	 * @param jobId the job
	 * @param expected the status the caller last saw ({@code null} before the first sighting)
	 * @param seen the status now seen
	 * @param createdAt the job's creation time, if known
	 * @return {@code true} when this call recorded the change, {@code false} when the job is not watched or its
	 * registered status was no longer {@code expected}
	 */
	boolean recordStatus(String jobId, @Nullable JobStatus expected, JobStatus seen, @Nullable Instant createdAt);

	/**
	 * Stops watching a job that has not ended (nobody waits for it any more). A job that ended stays known.
	 * @param jobId the job
	 */
	void remove(String jobId);

	/** A registry in this JVM's memory that remembers the last {@link #DEFAULT_ENDED_CAPACITY} ended jobs. */
	static TrackedJobRegistry inMemory() {
		return new InMemoryTrackedJobRegistry(DEFAULT_ENDED_CAPACITY);
	}

	/**
	 * A job as the registry knows it.
	 *
	 * @param jobId the job
	 * @param status the last status recorded, {@code null} before the first sighting
	 * @param createdNoEarlierThan a lower bound of the job's creation time (its {@code created_at} once seen)
	 */
	record TrackedJob(String jobId, @Nullable JobStatus status, Instant createdNoEarlierThan) {

		/** Whether the job has ended. */
		public boolean hasEnded() {
			return this.status != null && this.status.isTerminal();
		}

	}

}
