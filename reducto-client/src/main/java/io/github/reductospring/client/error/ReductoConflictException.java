package io.github.reductospring.client.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The resource is in a state that conflicts with the request (409).
 */
public class ReductoConflictException extends ReductoApiException {

	private static final long serialVersionUID = 1L;

	public ReductoConflictException(String message, int statusCode, @Nullable String requestId, @Nullable String responseExcerpt,
			@Nullable Duration retryAfter, @Nullable Boolean serverSaysRetry) {
		super(message, statusCode, requestId, responseExcerpt, retryAfter, serverSaysRetry);
	}

}
