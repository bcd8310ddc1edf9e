package io.github.reductospring.client.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The server answered with an error status. Subclasses name the common causes.
 */
public class ReductoApiException extends ReductoException {

	private static final long serialVersionUID = 1L;

	private final @Nullable Duration retryAfter;

	private final @Nullable Boolean serverSaysRetry;

	public ReductoApiException(String message, int statusCode, @Nullable String requestId,
			@Nullable String responseExcerpt, @Nullable Duration retryAfter, @Nullable Boolean serverSaysRetry) {
		super(message, statusCode, requestId, responseExcerpt, null);
		this.retryAfter = retryAfter;
		this.serverSaysRetry = serverSaysRetry;
	}

	/** How long the server asked to wait ({@code retry-after-ms} or {@code retry-after}), if it did. */
	public @Nullable Duration getRetryAfter() {
		return this.retryAfter;
	}

	/** The server's {@code x-should-retry} verdict, if it sent one. */
	public @Nullable Boolean getServerSaysRetry() {
		return this.serverSaysRetry;
	}

}
