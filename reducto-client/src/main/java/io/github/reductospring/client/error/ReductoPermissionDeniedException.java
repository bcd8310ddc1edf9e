package io.github.reductospring.client.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The API key may not do this (403).
 */
public class ReductoPermissionDeniedException extends ReductoApiException {

	private static final long serialVersionUID = 1L;

	public ReductoPermissionDeniedException(String message, int statusCode, @Nullable String requestId, @Nullable String responseExcerpt,
			@Nullable Duration retryAfter, @Nullable Boolean serverSaysRetry) {
		super(message, statusCode, requestId, responseExcerpt, retryAfter, serverSaysRetry);
	}

}
