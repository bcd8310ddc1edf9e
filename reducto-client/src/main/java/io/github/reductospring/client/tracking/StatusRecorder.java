package io.github.reductospring.client.tracking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;

/**
 * The tracker's writes to its {@link TrackedJobRegistry}: status changes gathered as they are seen and recorded
 * together (one round trip for a shared registry), each published ({@link JobUpdates}) only if the registry
 * recorded it. Used on the tracker's thread only.
 */
final class StatusRecorder {

	private static final Log logger = LogFactory.getLog(JobTracker.class);

	private final TrackedJobRegistry registry;

	private final JobUpdates updates;

	/** Changes seen since the last write, in the order seen, at most one per job. */
	private final Map<String, PendingChange> pending = new LinkedHashMap<>();

	StatusRecorder(TrackedJobRegistry registry, JobUpdates updates) {
		this.registry = registry;
		this.updates = updates;
	}

	/**
	 * A change seen: recorded at the next {@link #record()}. Two changes of one job before it merge into one, from
	 * what the registry held to what was seen last; the job expects its new status from now on.
	 */
	void add(WatchedJob entry, @Nullable JobStatus before, Job seen) {
		PendingChange earlier = this.pending.get(entry.jobId);
		this.pending.put(entry.jobId, new PendingChange(entry, (earlier != null) ? earlier.expected() : before, seen));
		entry.recorded = seen.status();
	}

	/**
	 * Records the changes seen since the last call in one go (a shared registry makes it one round trip) and
	 * publishes those the registry recorded. A change recorded elsewhere first is not published here; a registry that
	 * cannot be written leaves the jobs to be seen again.
	 * @return whether the registry could be written
	 */
	boolean record() {
		if (this.pending.isEmpty()) {
			return true;
		}
		List<PendingChange> changes = new ArrayList<>(this.pending.values());
		this.pending.clear();
		boolean[] recorded;
		try {
			recorded = this.registry.recordStatuses(changes.stream()
				.map((change) -> new TrackedJobRegistry.StatusChange(change.entry().jobId, change.expected(),
						change.seen()))
				.toList());
		}
		catch (RuntimeException ex) {
			logger.warn("Could not record " + changes.size() + " job status changes in the tracked job registry; "
					+ "they are recorded when seen again: " + ex);
			changes.forEach((change) -> change.entry().recorded = change.expected());
			return false;
		}
		for (int i = 0; i < changes.size(); i++) {
			PendingChange change = changes.get(i);
			if (recorded[i]) {
				// An end is marked published once its listener returned (JobUpdates), not here.
				this.updates.publish(new JobUpdate(change.seen(), change.expected()));
			}
			else if (!change.entry().ended) {
				// Recorded elsewhere first: expect what the registry holds from now on.
				TrackedJobRegistry.TrackedJob current = this.registry.find(change.entry().jobId);
				change.entry().recorded = (current != null) ? current.status() : null;
			}
		}
		return true;
	}

	/** A status change seen and not recorded yet: {@code expected} is what the registry held before it. */
	private record PendingChange(WatchedJob entry, @Nullable JobStatus expected, Job seen) {
	}

}
