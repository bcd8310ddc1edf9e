package io.github.reductospring.client.error;

import org.jspecify.annotations.Nullable;

import io.github.reductospring.client.model.Job;

/**
 * Tracking stopped before the job ended, because the tracker was closed (the application is shutting down). The job
 * itself goes on at Reducto.
 */
public class JobTrackingStoppedException extends JobWaitException {

	private static final long serialVersionUID = 1L;

	public JobTrackingStoppedException(String jobId, @Nullable Job lastSeen) {
		super("Stopped tracking job " + jobId + " because the application is shutting down; it was last seen "
				+ ((lastSeen != null) ? lastSeen.status() : "never") + " and goes on at Reducto", jobId, lastSeen);
	}

}
