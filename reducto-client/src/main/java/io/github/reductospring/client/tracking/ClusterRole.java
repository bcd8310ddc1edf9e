package io.github.reductospring.client.tracking;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.tracking.TrackedJobRegistry.TrackedJob;

/**
 * A tracker's part in a cluster that shares a {@link TrackedJobRegistry}: whether it holds the poller's lease, and
 * which reads of the registry are due. The poller follows every unfinished job of the application and reads the jobs
 * other instances were told about by webhooks; the others only read the registry for the jobs they wait for. Lease
 * renewals and reads block, so they run off the tracker's thread, each on its own so that a slow read never delays a
 * renewal; {@code leaseDue}, {@code plan} and the {@code done} methods run on the tracker's thread.
 * <p>
 * Only a renewal the registry refuses ends polling here. A renewal that fails (the database cannot be reached) keeps
 * it: should the lease expire meanwhile and another instance take over, both poll for a while, and the
 * compare-and-set still lets each change be reported once.
 */
final class ClusterRole {

	/** How often the lease is taken or renewed. */
	static final Duration LEASE_RENEWAL = Duration.ofSeconds(2);

	/** How often waiters read the registry, and the poller reads the jobs webhooks named elsewhere. */
	static final Duration READ_INTERVAL = Duration.ofMillis(250);

	private final TrackedJobRegistry registry;

	private final Duration unfinishedInterval;

	/**
	 * Renewals run on a thread of their own: on a shared one (bounded elastic) they could queue behind blocking work
	 * of the application's, and a lease not renewed in time goes to another instance.
	 */
	private final Scheduler leaseThread = Schedulers.newSingle("reducto-tracker-lease", true);

	private volatile boolean poller;

	// Touched only on the tracker's thread.
	private boolean renewing;

	private boolean reading;

	private boolean tookOver;

	private long nextLeaseAt = Long.MIN_VALUE;

	private long nextUnfinishedAt = Long.MIN_VALUE;

	private long nextReadAt = Long.MIN_VALUE;

	ClusterRole(TrackedJobRegistry registry, Duration unfinishedInterval) {
		this.registry = registry;
		this.unfinishedInterval = unfinishedInterval;
	}

	/** Whether this instance polls for the cluster now. */
	boolean isPoller() {
		return this.poller;
	}

	/** Whether a renewal of the lease is due at {@code now} (and none is running); if so, it counts as started. */
	boolean leaseDue(long now) {
		if (this.renewing || now < this.nextLeaseAt) {
			return false;
		}
		this.renewing = true;
		this.nextLeaseAt = now + LEASE_RENEWAL.toNanos();
		return true;
	}

	/** Where renewals run. */
	Scheduler leaseThread() {
		return this.leaseThread;
	}

	/** Takes or renews the lease; blocks. */
	boolean renew() {
		return this.registry.holdPollerLease();
	}

	/**
	 * A renewal ended.
	 * @param holds whether this instance holds the lease now, {@code null} if the registry could not be reached
	 * @return whether this instance stopped being the poller
	 */
	boolean leaseDone(@Nullable Boolean holds) {
		this.renewing = false;
		if (holds == null) {
			return false;
		}
		boolean was = this.poller;
		this.poller = holds;
		if (holds && !was) {
			this.tookOver = true;
			this.nextUnfinishedAt = Long.MIN_VALUE;
		}
		return was && !holds;
	}

	/**
	 * The reads due at {@code now}, or {@code null} when none is (or the last round is still running).
	 * @param now the tracker's clock, in nanoseconds
	 * @param waited the jobs waited for here, read from the registry when this instance is not the poller
	 */
	@Nullable Plan plan(long now, Collection<String> waited) {
		if (this.reading) {
			return null;
		}
		boolean read = now >= this.nextReadAt;
		boolean unfinished = this.poller && now >= this.nextUnfinishedAt;
		if (!read && !unfinished) {
			return null;
		}
		this.reading = true;
		if (read) {
			this.nextReadAt = now + READ_INTERVAL.toNanos();
		}
		if (unfinished) {
			this.nextUnfinishedAt = now + this.unfinishedInterval.toNanos();
		}
		boolean unpublished = this.poller && this.tookOver;
		this.tookOver = false;
		return new Plan(this.poller, read, unfinished, unpublished, this.poller ? List.of() : List.copyOf(waited));
	}

	/** Runs a plan's reads; blocks. */
	Round read(Plan plan) {
		List<TrackedJob> unfinished = plan.unfinished() ? this.registry.unfinished() : List.of();
		List<String> nudged = (plan.poller() && plan.read()) ? this.registry.takeNudged() : List.of();
		List<Job> unpublished = plan.unpublished() ? this.registry.unpublishedEnds() : List.of();
		Map<String, TrackedJob> waited = (plan.read() && !plan.waited().isEmpty())
				? this.registry.findAll(plan.waited()) : Map.of();
		return new Round(plan, unfinished, nudged, unpublished, waited);
	}

	/** A round of reads ended, or failed (it is planned again when due). */
	void readDone() {
		this.reading = false;
	}

	/** Gives the lease up (if this instance holds it), and stops the renewals' thread; blocks. */
	void release() {
		try {
			this.poller = false;
			this.registry.releasePollerLease();
		}
		finally {
			this.leaseThread.dispose();
		}
	}

	/** The reads one round makes, planned while this instance was the poller or not. */
	record Plan(boolean poller, boolean read, boolean unfinished, boolean unpublished, List<String> waited) {
	}

	/** What one round read. */
	record Round(Plan plan, List<TrackedJob> unfinished, List<String> nudged, List<Job> unpublished,
			Map<String, TrackedJob> waited) {
	}

}
