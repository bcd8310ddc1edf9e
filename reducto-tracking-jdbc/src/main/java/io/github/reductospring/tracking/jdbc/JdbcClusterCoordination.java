package io.github.reductospring.tracking.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.tracking.ClusterCoordination;
import io.github.reductospring.client.tracking.JobTracker;
import io.github.reductospring.client.tracking.TrackedJobRegistry.TrackedJob;

/**
 * The trackers of one application's instances, coordinated through the {@link JdbcTrackedJobRegistry} they share: one
 * holds the poller's lease and follows every unfinished job of the application; each reads the registry for the jobs
 * it watches, whose ends another instance may have recorded first. At each tick of its tracker it reads the registry when its {@link ClusterRole} says a read is
 * due (off the tracker's thread, as reads block), and applies the round back on it: ends the waits here from what
 * the poller recorded, and as the poller publishes the ends a stopped instance left unpublished, follows the
 * application's unfinished jobs and reads at once the jobs that webhooks named on other instances.
 * <p>
 * One coordination takes part for one tracker: give each tracker its own.
 */
public final class JdbcClusterCoordination implements ClusterCoordination {

	// The tracker's category: what users set for the tracker's logging applies here too.
	private static final Log logger = LogFactory.getLog(JobTracker.class);

	/** Longer than any registry read takes: how long a job that ended here is not followed again. */
	private static final Duration RECENTLY_ENDED = Duration.ofMinutes(1);

	private final ClusterStore store;

	private final ClusterRole role;

	/** Where the registry's reads block. */
	private final Scheduler readThread;

	private volatile @Nullable Member member;

	/**
	 * Jobs that ended here in the last minute, by when: a registry read that began before their end was recorded
	 * still lists them as unfinished, and following them again would read them again. Tracker's thread only.
	 */
	private final Map<String, Long> recentlyEnded = new LinkedHashMap<>();

	/**
	 * A coordination through a registry shared by the application's instances.
	 * @param registry the registry
	 * @param unfinishedInterval how often the poller reads the application's unfinished jobs (the tracker's bulk
	 * interval, {@code reducto.tracking.bulk-interval})
	 */
	public JdbcClusterCoordination(JdbcTrackedJobRegistry registry, Duration unfinishedInterval) {
		this(registry, unfinishedInterval, Schedulers.newSingle("reducto-tracker-lease", true),
				Schedulers.boundedElastic());
	}

	/** On given schedulers for the lease's renewals and the registry's reads: tests use virtual time. */
	JdbcClusterCoordination(ClusterStore store, Duration unfinishedInterval, Scheduler leaseThread,
			Scheduler readThread) {
		this.store = Objects.requireNonNull(store, "store");
		if (unfinishedInterval.isNegative() || unfinishedInterval.isZero()) {
			throw new IllegalArgumentException("The unfinished jobs' read interval must be positive, got "
					+ unfinishedInterval);
		}
		this.role = new ClusterRole(store, unfinishedInterval, leaseThread);
		this.readThread = readThread;
	}

	@Override
	public synchronized void join(Member member) {
		if (this.member != null) {
			throw new IllegalStateException("A coordination takes part for one tracker, and it has one");
		}
		this.member = Objects.requireNonNull(member, "member");
		this.role.startRenewals(member::leaseLost);
	}

	@Override
	public boolean isPoller() {
		return this.role.isPoller();
	}

	@Override
	public void tick(long now) {
		Member joined = this.member;
		if (joined == null) {
			return;
		}
		// The watches are listed only when a read is due, not every tick: the poller follows thousands.
		ClusterRole.Plan plan = this.role.plan(now, joined::waited);
		if (plan == null) {
			return;
		}
		Mono.fromCallable(() -> this.role.read(plan))
			.subscribeOn(this.readThread)
			.publishOn(joined.scheduler())
			.subscribe((round) -> {
				this.role.readDone();
				apply(joined, round);
			}, (failure) -> {
				this.role.readDone();
				if (!(failure instanceof RejectedExecutionException)) {
					logger.warn("Could not read the tracked job registry: " + failure);
				}
			});
	}

	@Override
	public void ended(String jobId) {
		Member joined = this.member;
		long now = (joined != null) ? joined.scheduler().now(TimeUnit.NANOSECONDS) : System.nanoTime();
		this.recentlyEnded.remove(jobId);
		this.recentlyEnded.put(jobId, now);
		Iterator<Map.Entry<String, Long>> oldest = this.recentlyEnded.entrySet().iterator();
		while (oldest.hasNext() && now - oldest.next().getValue() > RECENTLY_ENDED.toNanos()) {
			oldest.remove();
		}
	}

	@Override
	public void registerSubmitted(String jobId, Instant createdNoEarlierThan, Instant deadline) {
		this.store.registerSubmitted(jobId, createdNoEarlierThan, deadline);
	}

	@Override
	public void nudge(String jobId) {
		this.store.nudge(jobId);
	}

	@Override
	public void markPublished(Collection<String> jobIds) {
		this.store.markPublished(jobIds);
	}

	@Override
	public void leave() {
		this.role.release();
	}

	private void apply(Member joined, ClusterRole.Round round) {
		if (joined.isClosed()) {
			return;
		}
		// Waits here end from what the poller recorded, whoever polls now.
		for (TrackedJob row : round.waited().values()) {
			Job ended = row.ended();
			if (row.hasEnded() && ended != null) {
				joined.endedElsewhere(ended);
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
				joined.publishUnpublished(job);
			}
		}
		for (TrackedJob row : round.unfinished()) {
			if (!joined.isWatched(row.jobId()) && !this.recentlyEnded.containsKey(row.jobId())) {
				joined.follow(row.jobId(), row);
			}
		}
		for (String id : round.nudged()) {
			if (!this.recentlyEnded.containsKey(id)) { // else ended here and recorded, or about to be
				joined.readSoon(id);
			}
		}
	}

}
