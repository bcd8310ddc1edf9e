package io.github.reductospring.client.tracking;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;

/**
 * Where the {@link JobTracker} keeps the jobs it watches: which jobs, their last known status and whether they
 * ended. The tracker asks it before it reports a change, so that a registry shared by several trackers can let each
 * change be reported once. What only makes sense inside one JVM (who is waiting, when to poll next) stays in the
 * tracker.
 * <p>
 * {@link #inMemory()} is the default. Implementations are called from the tracker's thread and from webhook
 * deliveries, concurrently: they must be thread-safe. A registry shared by several JVMs (the JDBC one in
 * {@code reducto-tracking-jdbc}) keeps ended jobs for waiters elsewhere, and comes with a
 * {@link ClusterCoordination} that elects the one tracker that polls for all; with one, the tracker calls the
 * registry off its thread, where blocking is allowed.
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
	 * compare-and-set is what lets one change be reported once. A terminal status ends the job; a shared registry
	 * keeps the job as it ended for waiters on other instances, and may leave its result out (the tracker then reads
	 * it from Reducto for whoever needs it).
	 * @param jobId the job
	 * @param expected the status the caller last saw ({@code null} before the first sighting)
	 * @param seen the job as now seen
	 * @return {@code true} when this call recorded the change, {@code false} when the job is not watched or its
	 * registered status was no longer {@code expected}
	 */
	boolean recordStatus(String jobId, @Nullable JobStatus expected, Job seen);

	/**
	 * Stops watching a job that has not ended: nobody waits for it any more (registries that are not shared), or
	 * reading it failed in a way waiting cannot mend. A job that ended stays known.
	 * @param jobId the job
	 */
	void remove(String jobId);

	/** A registry in this JVM's memory that remembers the last {@link #DEFAULT_ENDED_CAPACITY} ended jobs. */
	static TrackedJobRegistry inMemory() {
		return new InMemoryTrackedJobRegistry(DEFAULT_ENDED_CAPACITY);
	}

	/**
	 * Records several changes, each as {@link #recordStatus} does, in order; a shared registry does it in one round
	 * trip.
	 * @param changes the changes, at most one per job
	 * @return for each change, in order, whether it was recorded
	 */
	default boolean[] recordStatuses(List<StatusChange> changes) {
		boolean[] recorded = new boolean[changes.size()];
		for (int i = 0; i < changes.size(); i++) {
			StatusChange change = changes.get(i);
			recorded[i] = recordStatus(change.jobId(), change.expected(), change.seen());
		}
		return recorded;
	}

	/**
	 * A status seen for a job, to be recorded if the registered one is still {@code expected}.
	 *
	 * @param jobId the job
	 * @param expected the status the caller last saw ({@code null} before the first sighting)
	 * @param seen the job as now seen
	 */
	record StatusChange(String jobId, @Nullable JobStatus expected, Job seen) {
	}

	/**
	 * Several jobs at once, as {@link #find(String)} gives them.
	 * @param jobIds the jobs
	 * @return those this registry knows, by id
	 */
	default Map<String, TrackedJob> findAll(Collection<String> jobIds) {
		Map<String, TrackedJob> found = new HashMap<>();
		for (String jobId : jobIds) {
			TrackedJob job = find(jobId);
			if (job != null) {
				found.put(jobId, job);
			}
		}
		return found;
	}

	/**
	 * A job as the registry knows it.
	 *
	 * @param jobId the job
	 * @param status the last status recorded, {@code null} before the first sighting
	 * @param createdNoEarlierThan a lower bound of the job's creation time (its {@code created_at} once seen)
	 * @param ended the job as it ended, where a shared registry keeps it, perhaps without its result; {@code null}
	 * otherwise
	 */
	record TrackedJob(String jobId, @Nullable JobStatus status, Instant createdNoEarlierThan, @Nullable Job ended) {

		/** A job as known to a registry that does not keep ended jobs. */
		public TrackedJob(String jobId, @Nullable JobStatus status, Instant createdNoEarlierThan) {
			this(jobId, status, createdNoEarlierThan, null);
		}

		/** Whether the job has ended. */
		public boolean hasEnded() {
			return this.status != null && this.status.isTerminal();
		}

	}

}
