package io.github.reductospring.client.tracking;

import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.util.backoff.BackOffExecution;
import reactor.core.publisher.Sinks;

import io.github.reductospring.client.model.Job;

/**
 * What the tracker knows of one watched job in this JVM only: who waits for it, what was last seen, and when to
 * poll it next. {@code watchers} is guarded by the tracker's map; the rest is touched on the tracker's thread.
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
