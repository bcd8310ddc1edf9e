package io.github.reductospring.client.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.github.reductospring.client.model.Job;

/**
 * A job was not finished by the deadline the caller set. The job itself goes on unless cancelled.
 */
public class JobTimeoutException extends JobWaitException {

	private static final long serialVersionUID = 1L;

	public JobTimeoutException(String jobId, Duration timeout, @Nullable Job lastSeen) {
		super("Job " + jobId + " did not finish within " + timeout + "; last seen "
				+ ((lastSeen != null) ? lastSeen.status() + " (" + lastSeen.rawStatus() + ")" : "never (no answer yet)"),
				jobId, lastSeen);
	}

}
