package io.github.reductospring.client.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A read of a job that was deleted: 410 once its artifacts are gone, or 409 ({@code JOB_DELETION_IN_PROGRESS})
 * while they are being removed. Not retried: the job will not come back.
 */
public class JobDeletedException extends ReductoApiException {

	private static final long serialVersionUID = 1L;

	private final String jobId;

	private final boolean inProgress;

	public JobDeletedException(String jobId, boolean inProgress, String message, int statusCode,
			@Nullable String requestId, @Nullable String responseExcerpt, @Nullable Duration retryAfter) {
		super(message, statusCode, requestId, responseExcerpt, retryAfter, Boolean.FALSE);
		this.jobId = jobId;
		this.inProgress = inProgress;
	}

	/** The deleted job's id. */
	public String getJobId() {
		return this.jobId;
	}

	/** Whether the deletion is still running (409) rather than done (410). */
	public boolean isInProgress() {
		return this.inProgress;
	}

}
