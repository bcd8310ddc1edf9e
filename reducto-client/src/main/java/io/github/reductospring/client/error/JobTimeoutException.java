package io.github.reductospring.client.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.github.reductospring.client.model.Job;

/**
 * A job was not finished by the deadline the caller set. The job itself goes on unless cancelled.
 */
public class JobTimeoutException extends ReductoException {

	private static final long serialVersionUID = 1L;

	private final String jobId;

	private final transient @Nullable Job lastSeen;

	public JobTimeoutException(String jobId, Duration timeout, @Nullable Job lastSeen) {
		super("Job " + jobId + " did not finish within " + timeout + "; last seen "
				+ ((lastSeen != null) ? lastSeen.status() + " (" + lastSeen.rawStatus() + ")" : "never (no answer yet)"),
				null);
		this.jobId = jobId;
		this.lastSeen = lastSeen;
	}

	/** The job's id. */
	public String getJobId() {
		return this.jobId;
	}

	/** The job as last seen before the deadline, or {@code null} if no answer came in time. */
	public @Nullable Job getLastSeen() {
		return this.lastSeen;
	}

}
