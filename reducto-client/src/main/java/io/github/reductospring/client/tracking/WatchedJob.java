package io.github.reductospring.client.tracking;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.util.backoff.BackOffExecution;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;

/**
 * What the tracker knows of one watched job in this JVM only: who waits for it, what was last seen, and when to
 * poll it next. {@code watchers} is guarded by the tracker's map; {@code lastSeen}, {@code ended} and
 * {@code registered} are read anywhere; the rest is read and written on the tracker's thread only.
 */
final class WatchedJob {

	final String jobId;

	final Sinks.One<Job> done = Sinks.one();

	int watchers;

	volatile @Nullable Job lastSeen;

	volatile boolean ended;

	boolean fetching;

	boolean justSubmitted;

	long nextPollAt;

	/**
	 * Set once the registry knows the job, on the tracker's thread; read also where the last waiter lets go (any
	 * thread), to remove it from the registry.
	 */
	volatile boolean registered;

	/** A webhook asked for a read before the registry knew the job: read once it does. */
	boolean fetchWhenRegistered;

	/** The status last recorded in the registry, as this tracker knows it: the compare-and-set's expectation. */
	@Nullable JobStatus recorded;

	/** A lower bound of its creation time, from the registry: how far back a bulk scan reads for it. */
	@Nullable Instant createdNoEarlierThan;

	/** Followed for the cluster, with no waiter in this JVM: given up when this tracker stops polling. */
	@Nullable Disposable followed;

	private @Nullable BackOffExecution schedule;

	WatchedJob(String jobId, boolean justSubmitted, long firstPollAt) {
		this.jobId = jobId;
		this.justSubmitted = justSubmitted;
		this.nextPollAt = firstPollAt;
	}

	long nextDelay(PollingSettings polling) {
		if (this.schedule == null) {
			this.schedule = polling.toBackOff().start();
		}
		return TimeUnit.MILLISECONDS.toNanos(this.schedule.nextBackOff());
	}

}
