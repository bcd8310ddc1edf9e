package io.github.reductospring.client.observation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.tracking.JobTracker;
import io.github.reductospring.client.tracking.JobUpdate;

/**
 * Job-state metrics from the {@link JobTracker}: jobs tracked per status ({@code reducto.jobs.tracked}), jobs
 * reaching each terminal status ({@code reducto.jobs.ended}), job duration from creation to end
 * ({@code reducto.jobs.duration}) and queue time from creation to the first sign of running
 * ({@code reducto.jobs.queue}). Tags are closed sets (status, type); never a job id.
 */
public final class ReductoJobMetrics implements MeterBinder, AutoCloseable {

	private final Object lock = new Object();

	private final JobTracker tracker;

	private final List<Disposable> subscriptions = new ArrayList<>();

	/** Metrics from this tracker. */
	public ReductoJobMetrics(JobTracker tracker) {
		this.tracker = tracker;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (JobStatus status : JobStatus.values()) {
			if (status.isTerminal()) {
				continue; // ended jobs leave the tracker: these would always read 0
			}
			Gauge.builder("reducto.jobs.tracked", this, (metrics) -> metrics.read(
					(tracker) -> tracker.trackedByStatus().getOrDefault(status, 0L)))
				.description("Jobs being tracked, by last seen status (unknown: not seen yet)")
				.tag("status", tag(status))
				.register(registry);
		}
		for (JobTracker.ReadReason reason : JobTracker.ReadReason.values()) {
			FunctionCounter
				.builder("reducto.jobs.reads", this,
						(metrics) -> metrics.read((tracker) -> tracker.readsByReason().getOrDefault(reason, 0L)))
				.description("Single-job reads the tracker made, by why (one per job, its end seen in a list, is the floor)")
				.tag("reason", reason.name().toLowerCase(Locale.ROOT).replace('_', '-'))
				.register(registry);
		}
		FunctionCounter.builder("reducto.jobs.updates.dropped", this,
				(metrics) -> metrics.read(JobTracker::droppedUpdates))
			.description("Job updates lost by subscribers that did not keep up (events included)")
			.register(registry);
		Disposable subscription = this.tracker.updates().subscribe((update) -> record(registry, update));
		synchronized (this.lock) {
			this.subscriptions.add(subscription);
		}
	}

	private double read(ToDoubleFunction<JobTracker> value) {
		return value.applyAsDouble(this.tracker);
	}

	private static void record(MeterRegistry registry, JobUpdate update) {
		Job job = update.job();
		String type = (job.type() != null) ? tag(job.type()) : "unknown";
		if (job.isTerminal()) {
			Counter.builder("reducto.jobs.ended")
				.description("Tracked jobs that reached a terminal status")
				.tag("type", type)
				.tag("status", tag(job.status()))
				.register(registry)
				.increment();
			if (job.createdAt() != null && job.completedAt() != null) {
				Timer.builder("reducto.jobs.duration")
					.description("Time from a job's creation to its end")
					.tag("type", type)
					.tag("status", tag(job.status()))
					.register(registry)
					.record(Duration.between(job.createdAt(), job.completedAt()));
			}
		}
		else if (job.status() == JobStatus.PROCESSING && update.previousStatus() != JobStatus.PROCESSING
				&& job.createdAt() != null) {
			Timer.builder("reducto.jobs.queue")
				.description("Time from a job's creation until it was first seen running")
				.tag("type", type)
				.register(registry)
				.record(Duration.between(job.createdAt(), Instant.now()));
		}
	}

	private static String tag(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

	@Override
	public void close() {
		List<Disposable> active;
		synchronized (this.lock) {
			active = List.copyOf(this.subscriptions);
			this.subscriptions.clear();
		}
		active.forEach(Disposable::dispose);
	}

}
