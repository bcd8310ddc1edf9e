package io.github.reductospring.client.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The API key is missing or wrong (401). Check {@code reducto.api-key} or {@code REDUCTO_API_KEY}.
 */
public class ReductoAuthenticationException extends ReductoApiException {

	private static final long serialVersionUID = 1L;

	public ReductoAuthenticationException(String message, int statusCode, @Nullable String requestId, @Nullable String responseExcerpt,
			@Nullable Duration retryAfter, @Nullable Boolean serverSaysRetry) {
		super(message, statusCode, requestId, responseExcerpt, retryAfter, serverSaysRetry);
	}

}
