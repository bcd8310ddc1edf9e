package io.github.reductospring.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEvent;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.tracking.JobTracker;
import io.github.reductospring.client.tracking.JobUpdate;

/**
 * A tracked job changed status. Published once per change, off the tracker's thread, so that a service can react
 * with {@code @EventListener} instead of holding a {@code Mono}. With the JDBC store an end is published at least
 * once: again, on another instance, only when an instance died while its listeners ran; both carry the same
 * {@link #getEventId()}, for a listener that must drop the repeat:
 * <pre>{@code
 * @EventListener
 * void onJobEnded(JobStatusChangedEvent event) {
 *     if (event.getJob().isTerminal()) { ... }
 * }
 * }</pre>
 */
public class JobStatusChangedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final transient Job job;

	private final @Nullable JobStatus previousStatus;

	public JobStatusChangedEvent(JobTracker source, Job job, @Nullable JobStatus previousStatus) {
		super(source);
		this.job = job;
		this.previousStatus = previousStatus;
	}

	public JobStatusChangedEvent(JobTracker source, JobUpdate update) {
		this(source, update.job(), update.previousStatus());
	}

	/** This change's id, the same on every delivery: the job's id and its new status ({@code "<id>:COMPLETED"}). */
	public String getEventId() {
		return new JobUpdate(this.job, this.previousStatus).eventId();
	}

	/** The job as now seen; with its result once it has ended. */
	public Job getJob() {
		return this.job;
	}

	/** The status seen before, or {@code null} for the first sighting. */
	public @Nullable JobStatus getPreviousStatus() {
		return this.previousStatus;
	}

	@Override
	public String toString() {
		return "JobStatusChangedEvent[" + this.job + ", previous=" + this.previousStatus + "]";
	}

}
