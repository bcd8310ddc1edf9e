package io.github.reductospring.tracking.jdbc;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.tracking.JobTracker;
import io.github.reductospring.client.tracking.TrackedJobRegistry.TrackedJob;

/**
 * A tracker's part in a cluster that shares a {@link ClusterStore}: whether it holds the poller's lease, and
 * which reads of the registry are due. The poller follows every unfinished job of the application and reads the jobs
 * other instances were told about by webhooks; every instance reads the registry for the jobs it watches, whose ends
 * another instance may have recorded first (the poller too: a webhook may have reached another instance). Lease
 * renewals run on a thread of their own, every two seconds whatever the tracker's thread is busy with (a renewal
 * that waited for it let the lease expire under load, and two instances polled at once); reads block, so they run
 * off the tracker's thread too. {@code plan} and {@code readDone} run on the tracker's thread.
 * <p>
 * A renewal the registry refuses ends polling here. One that fails or hangs (the database cannot be reached) stops
 * polling {@link #POLLS_WITHOUT_RENEWAL} after the last renewal that went through, until one goes through again:
 * the lease may expire meanwhile, and reads that cannot be recorded are wasted. What a poller records once another
 * instance has taken its lease over is refused in any case (a registry fences claims with the lease's epoch).
 */
final class ClusterRole {

	private static final Log logger = LogFactory.getLog(JobTracker.class);

	/** How often the lease is taken or renewed. */
	static final Duration LEASE_RENEWAL = Duration.ofSeconds(2);

	/** How long a poller polls on after its last renewal that went through: three renewals missed. */
	static final Duration POLLS_WITHOUT_RENEWAL = LEASE_RENEWAL.multipliedBy(3);

	/**
	 * How far back a waiter reads the ends recorded, every round: a few rounds, and a write committed late. Every
	 * {@link #ALL_WAITED_INTERVAL} it reads every job it waits for instead, should it have missed one.
	 */
	static final Duration RECENT_ENDS = Duration.ofSeconds(2);

	/** Up to how many jobs waited for are read by id every round, rather than the ends recorded lately. */
	static final int FEW_WAITED = 500;

	/** How often a waiter reads every job it waits for, beside the recent ends it reads every round. */
	static final Duration ALL_WAITED_INTERVAL = Duration.ofSeconds(10);

	/** How often waiters read the registry, and the poller reads the jobs webhooks named elsewhere. */
	static final Duration READ_INTERVAL = Duration.ofMillis(250);

	private final ClusterStore store;

	private final Duration unfinishedInterval;

	/**
	 * Renewals run on a thread of their own: on a shared one (bounded elastic) they could queue behind blocking work
	 * of the application's, and a lease not renewed in time goes to another instance.
	 */
	private final Scheduler leaseThread;

	private volatile boolean poller;

	/** When the last renewal that went through began, on the lease thread's clock. */
	private volatile long renewedAt;

	/** Whether the renewals failing for too long was logged, since the last one that went through. */
	private boolean staleLogged;

	private final AtomicBoolean tookOver = new AtomicBoolean();

	private volatile boolean unfinishedNow;

	private volatile boolean stopped;

	// Touched only on the tracker's thread.
	private boolean reading;

	private long nextUnfinishedAt = Long.MIN_VALUE;

	private long nextReadAt = Long.MIN_VALUE;

	private long nextAllWaitedAt = Long.MIN_VALUE;

	/** Renewing on the given scheduler, and measuring their age on its clock: tests use virtual time. */
	ClusterRole(ClusterStore store, Duration unfinishedInterval, Scheduler leaseThread) {
		this.store = store;
		this.unfinishedInterval = unfinishedInterval;
		this.leaseThread = leaseThread;
	}

	/** Whether this instance polls for the cluster now: it holds the lease, renewed not too long ago. */
	boolean isPoller() {
		return this.poller && !renewalOverdue();
	}

	private boolean renewalOverdue() {
		return this.leaseThread.now(TimeUnit.NANOSECONDS) - this.renewedAt >= POLLS_WITHOUT_RENEWAL.toNanos();
	}

	/**
	 * Starts renewing, now and every {@link #LEASE_RENEWAL}, on the lease's own thread.
	 * @param lost called on that thread when another instance has taken the lease
	 */
	void startRenewals(Runnable lost) {
		this.leaseThread.schedule(() -> renew(lost));
	}

	private void renew(Runnable lost) {
		if (this.stopped) {
			return;
		}
		long started = this.leaseThread.now(TimeUnit.NANOSECONDS);
		try {
			boolean holds = this.store.holdPollerLease();
			boolean was = this.poller;
			this.renewedAt = started;
			this.staleLogged = false;
			this.poller = holds;
			if (holds && !was) {
				this.tookOver.set(true);
				this.unfinishedNow = true;
				logger.info("This instance polls Reducto for the cluster now (it holds the poller's lease)");
			}
			else if (!holds && was) {
				logger.info("Another instance polls Reducto for the cluster now; this one reads the registry");
				lost.run();
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not renew the poller's lease in the tracked job registry: " + ex);
			if (this.poller && renewalOverdue() && !this.staleLogged) {
				this.staleLogged = true;
				logger.warn("This instance stops polling Reducto for the cluster until it can renew the poller's lease "
						+ "(last renewed " + POLLS_WITHOUT_RENEWAL.toSeconds() + " s or more ago)");
			}
		}
		finally {
			if (!this.stopped) {
				try {
					this.leaseThread.schedule(() -> renew(lost), LEASE_RENEWAL.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (RejectedExecutionException released) {
					// stopped meanwhile
				}
			}
		}
	}

	/**
	 * The reads due at {@code now}, or {@code null} when none is (or the last round is still running).
	 * @param now the tracker's clock, in nanoseconds
	 * @param waited the jobs watched here, listed only when a read is due: their ends recorded by other instances end
	 * the waits here, the poller's too
	 */
	@Nullable Plan plan(long now, Supplier<? extends Collection<String>> waited) {
		if (this.reading) {
			return null;
		}
		boolean read = now >= this.nextReadAt;
		boolean unfinished = this.poller && (now >= this.nextUnfinishedAt || this.unfinishedNow);
		if (!read && !unfinished) {
			return null;
		}
		this.reading = true;
		if (read) {
			this.nextReadAt = now + READ_INTERVAL.toNanos();
		}
		if (unfinished) {
			this.unfinishedNow = false;
			this.nextUnfinishedAt = now + this.unfinishedInterval.toNanos();
		}
		// At a takeover, and with every read of the unfinished jobs: an instance may die while its listeners run.
		boolean unpublished = this.poller && (this.tookOver.getAndSet(false) || unfinished);
		boolean allWaited = read && now >= this.nextAllWaitedAt;
		if (allWaited) {
			this.nextAllWaitedAt = now + ALL_WAITED_INTERVAL.toNanos();
		}
		return new Plan(this.poller, read, unfinished, unpublished, read ? List.copyOf(waited.get()) : List.of(),
				allWaited);
	}

	/** Runs a plan's reads; blocks. */
	Round read(Plan plan) {
		List<TrackedJob> unfinished = plan.unfinished() ? this.store.unfinished() : List.of();
		List<String> nudged = (plan.poller() && plan.read()) ? this.store.takeNudged() : List.of();
		List<Job> unpublished = plan.unpublished() ? this.store.unpublishedEnds() : List.of();
		return new Round(plan, unfinished, nudged, unpublished, readWaited(plan));
	}

	/**
	 * The jobs waited for here whose end was recorded: by id while few are waited for; else from the ends recorded
	 * lately, which cost the same however many jobs are waited for, and by id now and then.
	 */
	private Map<String, TrackedJob> readWaited(Plan plan) {
		if (!plan.read() || plan.waited().isEmpty()) {
			return Map.of();
		}
		// Few jobs waited for are read by id (one query, a few rows); many, from the ends recorded lately (one query,
		// whose rows do not grow with the waits).
		if (plan.allWaited() || plan.waited().size() <= FEW_WAITED) {
			return this.store.findAll(plan.waited());
		}
		List<TrackedJob> recent = this.store.endedWithin(RECENT_ENDS);
		Set<String> waited = new HashSet<>(plan.waited());
		Map<String, TrackedJob> ended = new HashMap<>();
		for (TrackedJob row : recent) {
			if (waited.contains(row.jobId())) {
				ended.put(row.jobId(), row);
			}
		}
		return ended;
	}

	/** A round of reads ended, or failed (it is planned again when due). */
	void readDone() {
		this.reading = false;
	}

	/**
	 * Stops renewing and gives the lease up (if this instance holds it), on the lease's thread so that no renewal
	 * takes it again after; blocks, five seconds at most.
	 */
	void release() {
		this.stopped = true;
		CountDownLatch released = new CountDownLatch(1);
		try {
			this.leaseThread.schedule(() -> {
				try {
					this.poller = false;
					this.store.releasePollerLease();
				}
				catch (RuntimeException ex) {
					logger.warn("Could not give the poller's lease up; another instance takes over when it expires: "
							+ ex);
				}
				finally {
					released.countDown();
				}
			});
			released.await(5, TimeUnit.SECONDS);
		}
		catch (RejectedExecutionException alreadyStopped) {
			// nothing runs on the lease's thread any more
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.leaseThread.dispose();
		}
	}

	/** The reads one round makes, planned while this instance was the poller or not. */
	record Plan(boolean poller, boolean read, boolean unfinished, boolean unpublished, List<String> waited,
			boolean allWaited) {
	}

	/** What one round read. */
	record Round(Plan plan, List<TrackedJob> unfinished, List<String> nudged, List<Job> unpublished,
			Map<String, TrackedJob> waited) {
	}

}
