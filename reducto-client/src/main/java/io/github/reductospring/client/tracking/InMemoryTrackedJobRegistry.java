package io.github.reductospring.client.tracking;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;

/**
 * The registry in this JVM's memory: watched jobs in a concurrent map, ended ones in a bounded map that forgets the
 * oldest first.
 */
final class InMemoryTrackedJobRegistry implements TrackedJobRegistry {

	private final Map<String, TrackedJob> watched = new ConcurrentHashMap<>();

	private final Map<String, TrackedJob> ended;

	InMemoryTrackedJobRegistry(int endedCapacity) {
		if (endedCapacity < 0) {
			throw new IllegalArgumentException("The capacity for ended jobs must not be negative, got " + endedCapacity);
		}
		this.ended = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, false) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, TrackedJob> eldest) {
				return size() > endedCapacity;
			}
		});
	}

	@Override
	public TrackedJob register(String jobId, Instant createdNoEarlierThan) {
		TrackedJob ended = this.ended.get(jobId);
		if (ended != null) {
			return ended;
		}
		return this.watched.computeIfAbsent(jobId, (id) -> new TrackedJob(id, null, createdNoEarlierThan));
	}

	@Override
	public @Nullable TrackedJob find(String jobId) {
		TrackedJob job = this.watched.get(jobId);
		return (job != null) ? job : this.ended.get(jobId);
	}

	@Override
	public boolean recordStatus(String jobId, @Nullable JobStatus expected, Job job) {
		JobStatus seen = job.status();
		Instant createdAt = job.createdAt();
		boolean[] recorded = new boolean[1];
		TrackedJob after = this.watched.computeIfPresent(jobId, (id, current) -> {
			if (!Objects.equals(current.status(), expected)) {
				return current;
			}
			recorded[0] = true;
			return new TrackedJob(id, seen, (createdAt != null) ? createdAt : current.createdNoEarlierThan());
		});
		if (recorded[0] && after != null && after.hasEnded()) {
			this.ended.put(jobId, after);
			this.watched.remove(jobId, after);
		}
		return recorded[0];
	}

	@Override
	public void remove(String jobId) {
		this.watched.remove(jobId);
	}

	@Override
	public String toString() {
		return "InMemoryTrackedJobRegistry[watched=" + this.watched.size() + ", ended=" + this.ended.size() + "]";
	}

}
