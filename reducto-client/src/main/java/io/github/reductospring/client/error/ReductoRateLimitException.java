package io.github.reductospring.client.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Too many requests for this API key (429); {@link #getRetryAfter()} holds the server's hint, if any.
 */
public class ReductoRateLimitException extends ReductoApiException {

	private static final long serialVersionUID = 1L;

	public ReductoRateLimitException(String message, int statusCode, @Nullable String requestId, @Nullable String responseExcerpt,
			@Nullable Duration retryAfter, @Nullable Boolean serverSaysRetry) {
		super(message, statusCode, requestId, responseExcerpt, retryAfter, serverSaysRetry);
	}

}
