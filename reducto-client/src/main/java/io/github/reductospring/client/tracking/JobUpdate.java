package io.github.reductospring.client.tracking;

import org.jspecify.annotations.Nullable;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;

/**
 * A change of a tracked job's status, reported once; delivered again only where an instance died while its
 * listeners ran, with the same {@link #eventId()}.
 *
 * @param job the job as now seen (with its result, when it has ended)
 * @param previousStatus the status seen before, or {@code null} for the first sighting
 */
public record JobUpdate(Job job, @Nullable JobStatus previousStatus) {

	/**
	 * This change's id, the same wherever and however often it is delivered: the job's id and its new status
	 * ({@code "<job id>:COMPLETED"}). A listener that must act once per change keeps the ids it handled.
	 */
	public String eventId() {
		return this.job.jobId() + ":" + this.job.status().name();
	}

}
