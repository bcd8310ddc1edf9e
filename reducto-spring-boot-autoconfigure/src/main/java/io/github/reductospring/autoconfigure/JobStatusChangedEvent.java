package io.github.reductospring.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEvent;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.tracking.JobTracker;

/**
 * A tracked job changed status. Published once per change, off the tracker's thread, so that a service can react
 * with {@code @EventListener} instead of holding a {@code Mono}:
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
