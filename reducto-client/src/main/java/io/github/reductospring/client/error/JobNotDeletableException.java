package io.github.reductospring.client.error;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;

/**
 * The job is still pending or running, so it is not deleted unless the caller asks to cancel it first.
 */
public class JobNotDeletableException extends ReductoException {

	private static final long serialVersionUID = 1L;

	private final transient Job job;

	public JobNotDeletableException(Job job) {
		super("Job " + job.jobId() + " is still " + job.status() + "; cancel it first, or call delete(jobId, true) to "
				+ "cancel and delete it", null);
		this.job = job;
	}

	/** The job as seen. */
	public Job getJob() {
		return this.job;
	}

	/** Its status. */
	public JobStatus getStatus() {
		return this.job.status();
	}

}
