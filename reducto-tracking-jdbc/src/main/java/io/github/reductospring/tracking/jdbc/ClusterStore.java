package io.github.reductospring.tracking.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.tracking.TrackedJobRegistry.TrackedJob;

/**
 * What {@link JdbcClusterCoordination} reads and writes beside the per-job registry: the poller's lease, the jobs to
 * follow, webhook hand-overs and ends not yet published. {@link JdbcTrackedJobRegistry} implements it; tests wrap it
 * to stop an instance's database at a chosen moment. Every method blocks.
 */
interface ClusterStore {

	/** Takes or renews the right to poll for the whole cluster; whether this instance holds it now. */
	boolean holdPollerLease();

	/** Gives the poller's right up if this instance holds it, so that another takes over at once. */
	void releasePollerLease();

	/** Registers a job just submitted by this application, followed by the poller until {@code deadline}. */
	void registerSubmitted(String jobId, Instant createdNoEarlierThan, Instant deadline);

	/** The application's jobs that have not ended and whose deadline has not passed, a bounded number per call. */
	List<TrackedJob> unfinished();

	/** Marks that a webhook said this job ended. */
	void nudge(String jobId);

	/** The jobs marked by {@link #nudge} whose end no instance recorded a while later, each given once per lease. */
	List<String> takeNudged();

	/** Ended jobs recorded a while ago and not marked published, as they ended, a bounded number per call. */
	List<Job> unpublishedEnds();

	/** The application's jobs whose end was recorded within {@code window} before now, on the database's clock. */
	List<TrackedJob> endedWithin(Duration window);

	/** Marks jobs' ends as published. */
	void markPublished(Collection<String> jobIds);

	/** The jobs among {@code jobIds} the registry knows, by id. */
	Map<String, TrackedJob> findAll(Collection<String> jobIds);

}
