package io.github.reductospring.client.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The server refused the request as malformed (400).
 */
public class ReductoBadRequestException extends ReductoApiException {

	private static final long serialVersionUID = 1L;

	public ReductoBadRequestException(String message, int statusCode, @Nullable String requestId, @Nullable String responseExcerpt,
			@Nullable Duration retryAfter, @Nullable Boolean serverSaysRetry) {
		super(message, statusCode, requestId, responseExcerpt, retryAfter, serverSaysRetry);
	}

}
