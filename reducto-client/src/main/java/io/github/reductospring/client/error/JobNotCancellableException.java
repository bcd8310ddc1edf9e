package io.github.reductospring.client.error;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;

/**
 * The job has already completed or failed, so it cannot be cancelled (a cancelled one stays cancelled).
 */
public class JobNotCancellableException extends ReductoException {

	private static final long serialVersionUID = 1L;

	private final transient Job job;

	public JobNotCancellableException(Job job) {
		super("Job " + job.jobId() + " cannot be cancelled: it is already " + job.status() + " (" + job.rawStatus()
				+ ")", null);
		this.job = job;
	}

	/** The job as last seen. */
	public Job getJob() {
		return this.job;
	}

	/** The state that prevents cancelling. */
	public JobStatus getStatus() {
		return this.job.status();
	}

}
