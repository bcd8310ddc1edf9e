package io.github.reductospring.client.tracking;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.github.reductospring.client.model.Job;

/**
 * What a tracker on a shared {@link TrackedJobRegistry} does in the cluster at each tick of its {@link RefreshLoop}:
 * reads the registry when its {@link ClusterRole} says a read is due (off the tracker's thread, as reads block), and
 * applies the round back on it: ends the waits here from what the poller recorded, and as the poller publishes the
 * ends a stopped poller left unpublished, follows the application's unfinished jobs and reads at once the jobs that
 * webhooks named on other instances.
 */
final class ClusterRounds {

	// The tracker's category: what users set for the tracker's logging applies here too.
	private static final Log logger = LogFactory.getLog(JobTracker.class);

	/** Longer than any registry read takes: how long a job that ended here is not followed again. */
	private static final Duration RECENTLY_ENDED = Duration.ofMinutes(1);

	private final ClusterRole role;

	/** The tracker's watches, by job id: shared with it. */
	private final Map<String, WatchedJob> entries;

	private final RefreshLoop loop;

	private final Follower follower;

	private final Supplier<Scheduler> scheduler;

	private final BooleanSupplier closed;

	/**
	 * Jobs that ended here in the last minute, by when: a registry read that began before their end was recorded
	 * still lists them as unfinished, and following them again would read them again. Tracker's thread only.
	 */
	private final Map<String, Long> recentlyEnded = new LinkedHashMap<>();

	ClusterRounds(ClusterRole role, Map<String, WatchedJob> entries, RefreshLoop loop, Follower follower,
			Supplier<Scheduler> scheduler, BooleanSupplier closed) {
		this.role = role;
		this.entries = entries;
		this.loop = loop;
		this.follower = follower;
		this.scheduler = scheduler;
		this.closed = closed;
	}

	/** Whether this instance holds the poller's lease: it polls for the cluster. */
	boolean isPoller() {
		return this.role.isPoller();
	}

	/** The cluster's registry reads, if due: off this thread, applied back on it. */
	void coordinate(long now) {
		List<String> waited = new ArrayList<>();
		if (!this.role.isPoller()) {
			for (WatchedJob entry : this.entries.values()) {
				if (entry.registered && !entry.ended) {
					waited.add(entry.jobId);
				}
			}
		}
		ClusterRole.Plan plan = this.role.plan(now, waited);
		if (plan == null) {
			return;
		}
		Mono.fromCallable(() -> this.role.read(plan))
			.subscribeOn(Schedulers.boundedElastic())
			.publishOn(this.scheduler.get())
			.subscribe((round) -> {
				this.role.readDone();
				apply(round);
			}, (failure) -> {
				this.role.readDone();
				logger.warn("Could not read the tracked job registry: " + failure);
			});
	}

	/** A job ended here: not followed again for a minute, whatever a read begun before says. */
	void ended(String jobId) {
		long now = this.scheduler.get().now(TimeUnit.NANOSECONDS);
		this.recentlyEnded.remove(jobId);
		this.recentlyEnded.put(jobId, now);
		Iterator<Map.Entry<String, Long>> oldest = this.recentlyEnded.entrySet().iterator();
		while (oldest.hasNext() && now - oldest.next().getValue() > RECENTLY_ENDED.toNanos()) {
			oldest.remove();
		}
	}

	private void apply(ClusterRole.Round round) {
		if (this.closed.getAsBoolean()) {
			return;
		}
		// Waits here end from what the poller recorded, whoever polls now.
		for (TrackedJobRegistry.TrackedJob row : round.waited().values()) {
			WatchedJob entry = this.entries.get(row.jobId());
			Job ended = row.ended();
			if (entry != null && !entry.ended && row.hasEnded() && ended != null) {
				this.loop.finishFromRecord(entry, ended);
			}
		}
		if (!this.role.isPoller()) {
			return; // the lease went elsewhere while the reads ran
		}
		for (Job job : round.unpublished()) {
			// Recorded by an instance that stopped before its listeners returned: delivered here, and marked once they
			// returned here; not again while this instance delivers it (or its own end).
			if (!this.recentlyEnded.containsKey(job.jobId())) {
				ended(job.jobId());
				this.loop.publishUnpublished(job);
			}
		}
		for (TrackedJobRegistry.TrackedJob row : round.unfinished()) {
			if (!this.entries.containsKey(row.jobId()) && !this.recentlyEnded.containsKey(row.jobId())) {
				this.follower.follow(row.jobId(), row);
			}
		}
		for (String id : round.nudged()) {
			if (this.recentlyEnded.containsKey(id)) {
				continue; // ended here and recorded, or about to be
			}
			WatchedJob entry = this.entries.get(id);
			if (entry == null) {
				this.follower.follow(id, null);
				entry = this.entries.get(id);
			}
			if (entry != null) {
				this.loop.fetchSoon(entry);
			}
		}
	}

	/** How the tracker follows a job nothing here waits for, until it ends or the default deadline passes. */
	@FunctionalInterface
	interface Follower {

		/**
		 * Follows the job.
		 * @param jobId the job
		 * @param known its registry row, when just read
		 */
		void follow(String jobId, TrackedJobRegistry.@Nullable TrackedJob known);

	}

}
