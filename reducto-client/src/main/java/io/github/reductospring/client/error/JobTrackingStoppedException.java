package io.github.reductospring.client.error;

import org.jspecify.annotations.Nullable;

import io.github.reductospring.client.model.Job;

/**
 * Tracking stopped before the job ended, because the tracker was closed (the application is shutting down). The job
 * itself goes on at Reducto.
 */
public class JobTrackingStoppedException extends ReductoException {

	private static final long serialVersionUID = 1L;

	private final String jobId;

	private final transient @Nullable Job lastSeen;

	public JobTrackingStoppedException(String jobId, @Nullable Job lastSeen) {
		super("Stopped tracking job " + jobId + " because the application is shutting down; it was last seen "
				+ ((lastSeen != null) ? lastSeen.status() : "never") + " and goes on at Reducto", null);
		this.jobId = jobId;
		this.lastSeen = lastSeen;
	}

	/** The job's id. */
	public String getJobId() {
		return this.jobId;
	}

	/** The job as last seen, if ever. */
	public @Nullable Job getLastSeen() {
		return this.lastSeen;
	}

}
