package io.github.reductospring.tracking.jdbc;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.tracking.TrackedJobRegistry;

/**
 * A registry that can be made to stop answering, as the database connection of a killed JVM does: its lease is
 * neither renewed nor given up.
 */
final class KillableRegistry implements TrackedJobRegistry, ClusterStore {

	private final JdbcTrackedJobRegistry delegate;

	private volatile boolean dead;

	KillableRegistry(JdbcTrackedJobRegistry delegate) {
		this.delegate = delegate;
	}

	private volatile boolean dieAfterNextNudge;

	void kill() {
		this.dead = true;
	}

	boolean isDead() {
		return this.dead;
	}

	/** After the test: gives the lease, and the connection kept for it, up, dead or not. */
	void releaseConnection() {
		this.delegate.releasePollerLease();
	}

	/** Dies just after its next hand-over is written: before this instance reads the job it names. */
	void dieAfterNextNudge() {
		this.dieAfterNextNudge = true;
	}

	private JdbcTrackedJobRegistry alive() {
		if (this.dead) {
			throw new IllegalStateException("this instance is dead");
		}
		return this.delegate;
	}

	@Override
	public TrackedJob register(String jobId, Instant createdNoEarlierThan) {
		return alive().register(jobId, createdNoEarlierThan);
	}

	@Override
	public @Nullable TrackedJob find(String jobId) {
		return alive().find(jobId);
	}

	@Override
	public boolean recordStatus(String jobId, @Nullable JobStatus expected, Job seen) {
		return alive().recordStatus(jobId, expected, seen);
	}

	@Override
	public void remove(String jobId) {
		alive().remove(jobId);
	}

	@Override
	public boolean holdPollerLease() {
		return alive().holdPollerLease();
	}

	@Override
	public void releasePollerLease() {
		alive().releasePollerLease();
	}

	@Override
	public void registerSubmitted(String jobId, Instant createdNoEarlierThan, Instant deadline) {
		alive().registerSubmitted(jobId, createdNoEarlierThan, deadline);
	}

	@Override
	public List<TrackedJob> unfinished() {
		return alive().unfinished();
	}

	@Override
	public void nudge(String jobId) {
		alive().nudge(jobId);
		if (this.dieAfterNextNudge) {
			kill();
		}
	}

	@Override
	public List<String> takeNudged() {
		return alive().takeNudged();
	}

	@Override
	public List<Job> unpublishedEnds() {
		return alive().unpublishedEnds();
	}

	@Override
	public List<TrackedJob> endedWithin(java.time.Duration window) {
		return alive().endedWithin(window);
	}

	@Override
	public void markPublished(Collection<String> jobIds) {
		alive().markPublished(jobIds);
	}

	@Override
	public boolean[] recordStatuses(List<StatusChange> changes) {
		return alive().recordStatuses(changes);
	}

	@Override
	public Map<String, TrackedJob> findAll(Collection<String> jobIds) {
		return alive().findAll(jobIds);
	}

}
