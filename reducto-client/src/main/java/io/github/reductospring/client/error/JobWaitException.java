package io.github.reductospring.client.error;

import org.jspecify.annotations.Nullable;

import io.github.reductospring.client.model.Job;

/**
 * Waiting for a job ended before the job did. The job goes on at Reducto; {@link #getLastSeen()} says how it was
 * last seen.
 */
public abstract class JobWaitException extends ReductoException {

	private static final long serialVersionUID = 1L;

	private final String jobId;

	private final transient @Nullable Job lastSeen;

	protected JobWaitException(String message, String jobId, @Nullable Job lastSeen) {
		super(message, null);
		this.jobId = jobId;
		this.lastSeen = lastSeen;
	}

	/** The job's id. */
	public String getJobId() {
		return this.jobId;
	}

	/** The job as last seen, or {@code null} if no answer came in time. */
	public @Nullable Job getLastSeen() {
		return this.lastSeen;
	}

}
