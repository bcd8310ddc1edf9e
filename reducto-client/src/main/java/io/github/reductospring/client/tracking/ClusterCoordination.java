package io.github.reductospring.client.tracking;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;

import io.github.reductospring.client.model.Job;

/**
 * How a {@link JobTracker} works with the trackers of its application's other instances over a
 * {@link TrackedJobRegistry} they share: which one polls Reducto for all (the poller's lease), how a webhook heard by
 * one reaches whoever records the job's end, and which ends are still to be delivered because the instance that
 * recorded them stopped first. {@code reducto-tracking-jdbc} implements it on PostgreSQL; a registry in memory needs
 * none.
 * <p>
 * One coordination takes part for one tracker: the tracker {@linkplain #join(Member) joins} when it starts and
 * {@linkplain #leave() leaves} when it closes. {@link #tick(long)} and {@link #ended(String)} are called on the
 * tracker's thread and must not block; the other methods block on the shared store and are called where blocking is
 * allowed.
 */
public interface ClusterCoordination {

	/**
	 * Takes part from now on: competes for the poller's lease and, at each {@link #tick(long)}, reads the shared store
	 * when a read is due, handing what it finds to the member on the tracker's thread.
	 * @param member the tracker's side
	 * @throws IllegalStateException if this coordination already takes part for a tracker
	 */
	void join(Member member);

	/** Whether this instance polls Reducto for the cluster now; the others read what it records. Any thread. */
	boolean isPoller();

	/**
	 * Starts the reads of the shared store that are due at {@code now}, off the tracker's thread. Tracker's thread.
	 * @param now the tracker's clock, in nanoseconds
	 */
	void tick(long now);

	/**
	 * A job's watch ended on this instance: a read of the store begun before its end was recorded must not make the
	 * poller follow it again. Tracker's thread.
	 * @param jobId the job
	 */
	void ended(String jobId);

	/**
	 * Writes a job just submitted by this application, before {@code submit} returns, so that the poller follows it
	 * to its end even if nothing waits for it. Blocks.
	 * @param jobId the job
	 * @param createdNoEarlierThan a lower bound of its creation time
	 * @param deadline when to stop following it
	 */
	void registerSubmitted(String jobId, Instant createdNoEarlierThan, Instant deadline);

	/**
	 * Marks that a webhook said this job ended: the instance it reached reads the job and records its end; should it
	 * not, soon, the poller reads it. Blocks.
	 * @param jobId the job
	 */
	void nudge(String jobId);

	/**
	 * Marks jobs' ends as published: the listeners they were delivered to returned. Blocks.
	 * @param jobIds the jobs
	 */
	void markPublished(Collection<String> jobIds);

	/** Stops taking part and gives the poller's lease up if this instance holds it; blocks a few seconds at most. */
	void leave();

	/**
	 * The tracker's side, called by the coordination on the tracker's thread (on {@link #scheduler()}), except
	 * {@link #leaseLost()}.
	 */
	interface Member {

		/** The tracker's thread, where the coordination applies what it read. */
		Scheduler scheduler();

		/** Whether the tracker closed: what is read after that is dropped. */
		boolean isClosed();

		/** The jobs watched here that have not ended, whose ends another instance may record first. */
		List<String> waited();

		/** Whether the job is watched on this instance. */
		boolean isWatched(String jobId);

		/**
		 * Another instance recorded the job's end: the waits for it here end.
		 * @param ended the job as recorded, perhaps without its result
		 */
		void endedElsewhere(Job ended);

		/**
		 * Publishes an end that an instance recorded and stopped before its listeners returned (as the poller).
		 * @param recorded the job as recorded, perhaps without its result
		 */
		void publishUnpublished(Job recorded);

		/**
		 * Follows a job of the application nothing here waits for, until it ends or its deadline passes (as the
		 * poller).
		 * @param jobId the job
		 * @param known its row in the store, when just read
		 */
		void follow(String jobId, TrackedJobRegistry.@Nullable TrackedJob known);

		/** Reads the job now, following it first if nothing here does: a webhook named it (as the poller). */
		void readSoon(String jobId);

		/** Another instance took the poller's lease: stop following the jobs nothing here waits for. Any thread. */
		void leaseLost();

	}

}
