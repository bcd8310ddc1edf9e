package io.github.reductospring.client.error;

import org.jspecify.annotations.Nullable;

/**
 * The server answered with a success status but the body could not be used: not JSON, not the expected shape,
 * cut off, or larger than the configured limit.
 */
public class ReductoResponseException extends ReductoException {

	private static final long serialVersionUID = 1L;

	private final boolean truncated;

	public ReductoResponseException(String message, int statusCode, @Nullable String requestId,
			@Nullable String responseExcerpt, boolean truncated, @Nullable Throwable cause) {
		super(message, statusCode, requestId, responseExcerpt, cause);
		this.truncated = truncated;
	}

	/** Whether the body was cut off in transit (worth retrying), rather than malformed. */
	public boolean isTruncated() {
		return this.truncated;
	}

}
