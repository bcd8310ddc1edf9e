package io.github.reductospring.client.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The server failed (5xx).
 */
public class ReductoServerException extends ReductoApiException {

	private static final long serialVersionUID = 1L;

	public ReductoServerException(String message, int statusCode, @Nullable String requestId, @Nullable String responseExcerpt,
			@Nullable Duration retryAfter, @Nullable Boolean serverSaysRetry) {
		super(message, statusCode, requestId, responseExcerpt, retryAfter, serverSaysRetry);
	}

}
