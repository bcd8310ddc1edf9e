package io.github.reductospring.client.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;

import io.github.reductospring.client.model.Job;

/**
 * A tracker's side of its {@link ClusterCoordination}: what the coordination reads in the shared registry reaches the
 * watches through here, on the tracker's thread.
 */
final class TrackerMember implements ClusterCoordination.Member {

	/** The tracker's watches, by job id: read here on the tracker's thread. */
	private final Map<String, WatchedJob> entries;

	private final RefreshLoop refresh;

	private final Watches watches;

	private final Supplier<Scheduler> scheduler;

	private final BooleanSupplier closed;

	TrackerMember(Map<String, WatchedJob> entries, RefreshLoop refresh, Watches watches, Supplier<Scheduler> scheduler,
			BooleanSupplier closed) {
		this.entries = entries;
		this.refresh = refresh;
		this.watches = watches;
		this.scheduler = scheduler;
		this.closed = closed;
	}

	@Override
	public Scheduler scheduler() {
		return this.scheduler.get();
	}

	@Override
	public boolean isClosed() {
		return this.closed.getAsBoolean();
	}

	@Override
	public List<String> waited() {
		List<String> waited = new ArrayList<>();
		for (WatchedJob entry : this.entries.values()) {
			if (entry.registered && !entry.ended) {
				waited.add(entry.jobId);
			}
		}
		return waited;
	}

	@Override
	public boolean isWatched(String jobId) {
		return this.entries.containsKey(jobId);
	}

	@Override
	public void endedElsewhere(Job ended) {
		WatchedJob entry = this.entries.get(ended.jobId());
		if (entry != null && !entry.ended) {
			this.refresh.finishFromRecord(entry, ended);
		}
	}

	@Override
	public void publishUnpublished(Job recorded) {
		this.refresh.publishUnpublished(recorded);
	}

	@Override
	public void follow(String jobId, TrackedJobRegistry.@Nullable TrackedJob known) {
		this.watches.follow(jobId, known);
	}

	@Override
	public void readSoon(String jobId) {
		WatchedJob entry = this.entries.get(jobId);
		if (entry == null) {
			this.watches.follow(jobId, null);
			entry = this.entries.get(jobId);
		}
		if (entry != null) {
			this.refresh.fetchSoon(entry);
		}
	}

	@Override
	public void leaseLost() {
		try {
			scheduler().schedule(this.watches::dropFollowed);
		}
		catch (RejectedExecutionException closing) {
			// nothing to drop any more
		}
	}

}
