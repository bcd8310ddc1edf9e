package io.github.reductospring.client.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * No job with this id exists for this API key.
 */
public class JobNotFoundException extends ReductoNotFoundException {

	private static final long serialVersionUID = 1L;

	private final String jobId;

	public JobNotFoundException(String jobId, String message, @Nullable String requestId,
			@Nullable String responseExcerpt, @Nullable Duration retryAfter, @Nullable Boolean serverSaysRetry) {
		super(message, 404, requestId, responseExcerpt, retryAfter, serverSaysRetry);
		this.jobId = jobId;
	}

	/** The id that was not found. */
	public String getJobId() {
		return this.jobId;
	}

}
