package io.github.reductospring.client.tracking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;

/**
 * The tracker's writes to its {@link TrackedJobRegistry}: status changes gathered as they are seen and recorded
 * together (one round trip for a shared registry), each published ({@link JobUpdates}) only if the registry
 * recorded it. Its state is the tracker's thread's; a shared registry is written on a thread where blocking is
 * allowed, one write at a time, and what it answered is applied back on the tracker's thread, so that a database
 * that is slow or hangs holds up no watch.
 */
final class StatusRecorder {

	private static final Log logger = LogFactory.getLog(JobTracker.class);

	private final TrackedJobRegistry registry;

	private final JobUpdates updates;

	private final Supplier<Scheduler> scheduler;

	/** Changes seen since the last write began, in the order seen, at most one per job. */
	private final Map<String, PendingChange> pending = new LinkedHashMap<>();

	/** Whether a write to a shared registry is under way: the next one begins once it is answered. */
	private boolean writing;

	/** Writes that failed since the last that went through: logged at the first and every hundredth. */
	private int failedWrites;

	StatusRecorder(TrackedJobRegistry registry, JobUpdates updates, Supplier<Scheduler> scheduler) {
		this.registry = registry;
		this.updates = updates;
		this.scheduler = scheduler;
	}

	/**
	 * A change seen: recorded at the next write. Two changes of one job before it merge into one, from what the
	 * registry held to what was seen last; the job expects its new status from now on.
	 */
	void add(WatchedJob entry, @Nullable JobStatus before, Job seen) {
		PendingChange earlier = this.pending.get(entry.jobId);
		this.pending.put(entry.jobId, new PendingChange(entry, (earlier != null) ? earlier.expected() : before, seen));
		entry.recorded = seen.status();
	}

	/**
	 * Records the changes seen since the last write here and now, and publishes those the registry recorded: for a
	 * registry in memory, and for the last changes at closing. A change recorded elsewhere first is not published
	 * here; a registry that cannot be written leaves the jobs to be seen again.
	 * @return whether the registry could be written
	 */
	boolean record() {
		if (this.pending.isEmpty()) {
			return true;
		}
		List<PendingChange> changes = takePending();
		try {
			applyWritten(write(changes));
			return true;
		}
		catch (RuntimeException ex) {
			notWritten(changes, ex);
			return false;
		}
	}

	/**
	 * Begins writing the changes seen since the last write to a shared registry, off this thread, unless a write is
	 * under way; what it answered is applied on the tracker's thread.
	 */
	void recordInBackground() {
		if (this.writing || this.pending.isEmpty()) {
			return;
		}
		List<PendingChange> changes = takePending();
		this.writing = true;
		Mono.fromCallable(() -> write(changes))
			.subscribeOn(Schedulers.boundedElastic())
			.publishOn(this.scheduler.get())
			.subscribe((written) -> {
				this.writing = false;
				applyWritten(written);
			}, (failure) -> {
				if (failure instanceof RejectedExecutionException) {
					return; // answered after the tracker closed: what it recorded, the poller delivers after the grace
				}
				this.writing = false;
				notWritten(changes, failure);
			});
	}

	private List<PendingChange> takePending() {
		List<PendingChange> changes = new ArrayList<>(this.pending.values());
		this.pending.clear();
		return changes;
	}

	/** The registry's answer to the changes: which it recorded, and what it holds for those it did not. Blocks. */
	private Written write(List<PendingChange> changes) {
		boolean[] recorded = this.registry.recordStatuses(changes.stream()
			.map((change) -> new TrackedJobRegistry.StatusChange(change.entry().jobId, change.expected(),
					change.seen()))
			.toList());
		List<String> lost = new ArrayList<>();
		for (int i = 0; i < changes.size(); i++) {
			if (!recorded[i] && !changes.get(i).entry().ended) {
				lost.add(changes.get(i).entry().jobId);
			}
		}
		// One read for all the changes recorded elsewhere first: what the registry holds for them now.
		Map<String, TrackedJobRegistry.@Nullable TrackedJob> current = new HashMap<>();
		if (!lost.isEmpty()) {
			Map<String, TrackedJobRegistry.TrackedJob> found = this.registry.findAll(lost);
			lost.forEach((jobId) -> current.put(jobId, found.get(jobId)));
		}
		return new Written(changes, recorded, current);
	}

	private void applyWritten(Written written) {
		this.failedWrites = 0;
		for (int i = 0; i < written.changes().size(); i++) {
			PendingChange change = written.changes().get(i);
			if (written.recorded()[i]) {
				// An end is marked published once its listener returned (JobUpdates), not here.
				this.updates.publish(new JobUpdate(change.seen(), change.expected()));
			}
			else if (written.current().containsKey(change.entry().jobId) && !change.entry().ended) {
				// Recorded elsewhere first: expect what the registry holds from now on.
				TrackedJobRegistry.TrackedJob current = written.current().get(change.entry().jobId);
				change.entry().recorded = (current != null) ? current.status() : null;
			}
		}
	}

	/**
	 * The registry could not be written: the changes are written again with the next write, merged with what was
	 * seen since, as a job's wait may have ended with its read and nothing would see the change again.
	 */
	private void notWritten(List<PendingChange> changes, Throwable failure) {
		this.failedWrites++;
		if (this.failedWrites == 1 || this.failedWrites % 100 == 0) {
			logger.warn("Could not record " + changes.size() + " job status changes in the tracked job registry ("
					+ this.failedWrites + " writes failed in a row); they are written again with the next write: "
					+ failure);
		}
		Map<String, PendingChange> seenSince = new LinkedHashMap<>(this.pending);
		this.pending.clear();
		for (PendingChange change : changes) {
			PendingChange later = seenSince.remove(change.entry().jobId);
			Job seen = (later != null) ? later.seen() : change.seen();
			this.pending.put(change.entry().jobId, new PendingChange(change.entry(), change.expected(), seen));
		}
		this.pending.putAll(seenSince);
	}

	/** A status change seen and not recorded yet: {@code expected} is what the registry held before it. */
	private record PendingChange(WatchedJob entry, @Nullable JobStatus expected, Job seen) {
	}

	/** What the registry answered to a write. */
	private record Written(List<PendingChange> changes, boolean[] recorded,
			Map<String, TrackedJobRegistry.@Nullable TrackedJob> current) {
	}

}
