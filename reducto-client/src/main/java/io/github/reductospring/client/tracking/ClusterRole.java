package io.github.reductospring.client.tracking;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.tracking.TrackedJobRegistry.TrackedJob;

/**
 * A tracker's part in a cluster that shares a {@link TrackedJobRegistry}: whether it holds the poller's lease, and
 * which reads of the registry are due. The poller follows every unfinished job of the application and reads the jobs
 * other instances were told about by webhooks; the others only read the registry for the jobs they wait for. The
 * reads block, so they run off the tracker's thread; {@link #plan} and {@link #done} run on it.
 */
final class ClusterRole {

	/** How often the lease is taken or renewed. */
	static final Duration LEASE_RENEWAL = Duration.ofSeconds(2);

	/**
	 * Without a renewal for this long, the poller stops polling before its lease can expire (registries hold it for
	 * longer) and another instance takes over.
	 */
	static final Duration LEASE_TRUST = Duration.ofSeconds(6);

	/** How often waiters read the registry, and the poller reads the jobs webhooks named elsewhere. */
	static final Duration READ_INTERVAL = Duration.ofMillis(250);

	private final TrackedJobRegistry registry;

	private final Duration unfinishedInterval;

	private volatile boolean poller;

	// Touched only on the tracker's thread.
	private boolean reading;

	private long nextLeaseAt = Long.MIN_VALUE;

	private long nextUnfinishedAt = Long.MIN_VALUE;

	private long nextReadAt = Long.MIN_VALUE;

	private long renewedAt;

	ClusterRole(TrackedJobRegistry registry, Duration unfinishedInterval) {
		this.registry = registry;
		this.unfinishedInterval = unfinishedInterval;
	}

	/** Whether this instance polls for the cluster now. */
	boolean isPoller() {
		return this.poller;
	}

	/**
	 * The reads due at {@code now}, or {@code null} when none is (or the last round is still running).
	 * @param now the tracker's clock, in nanoseconds
	 * @param waited the jobs waited for here, read from the registry when this instance is not the poller
	 */
	@Nullable Plan plan(long now, Collection<String> waited) {
		if (this.poller && now - this.renewedAt > LEASE_TRUST.toNanos()) {
			this.poller = false; // the lease may be someone else's by now
		}
		if (this.reading) {
			return null;
		}
		boolean lease = now >= this.nextLeaseAt;
		boolean read = now >= this.nextReadAt;
		boolean unfinished = this.poller && now >= this.nextUnfinishedAt;
		if (!lease && !read && !unfinished) {
			return null;
		}
		this.reading = true;
		if (lease) {
			this.nextLeaseAt = now + LEASE_RENEWAL.toNanos();
		}
		if (read) {
			this.nextReadAt = now + READ_INTERVAL.toNanos();
		}
		if (unfinished) {
			this.nextUnfinishedAt = now + this.unfinishedInterval.toNanos();
		}
		return new Plan(now, lease, read, unfinished, List.copyOf(waited));
	}

	/** Runs a plan's reads; blocks. */
	Round read(Plan plan) {
		boolean wasPoller = this.poller;
		boolean poller = plan.lease() ? this.registry.holdPollerLease() : wasPoller;
		boolean took = poller && !wasPoller;
		List<TrackedJob> unfinished = (poller && (plan.unfinished() || took)) ? this.registry.unfinished() : List.of();
		List<String> nudged = (poller && plan.read()) ? this.registry.takeNudged() : List.of();
		List<Job> unpublished = took ? this.registry.unpublishedEnds() : List.of();
		Map<String, TrackedJob> waited = (!poller && plan.read() && !plan.waited().isEmpty())
				? this.registry.findAll(plan.waited()) : Map.of();
		return new Round(plan, poller, unfinished, nudged, unpublished, waited);
	}

	/** A round ended: whether this instance is the poller now. */
	void done(Round round) {
		this.reading = false;
		if (round.plan().lease()) {
			this.poller = round.poller();
			if (round.poller()) {
				this.renewedAt = round.plan().at();
			}
		}
	}

	/** A round failed (the registry cannot be reached): stop polling, as the lease can no longer be trusted. */
	void failed() {
		this.reading = false;
		this.poller = false;
	}

	/** Gives the lease up if this instance holds it; blocks. */
	void release() {
		if (this.poller) {
			this.poller = false;
			this.registry.releasePollerLease();
		}
	}

	/** The reads one round makes. */
	record Plan(long at, boolean lease, boolean read, boolean unfinished, List<String> waited) {
	}

	/** What one round read. */
	record Round(Plan plan, boolean poller, List<TrackedJob> unfinished, List<String> nudged, List<Job> unpublished,
			Map<String, TrackedJob> waited) {
	}

}
