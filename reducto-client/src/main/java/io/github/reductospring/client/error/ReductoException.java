package io.github.reductospring.client.error;

import org.jspecify.annotations.Nullable;

/**
 * Root of everything that can go wrong with a Reducto call. Messages name the operation and, where the server
 * answered, its status and request id; they never contain the API key.
 */
public class ReductoException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int statusCode;

	private final @Nullable String requestId;

	private final @Nullable String responseExcerpt;

	public ReductoException(String message, int statusCode, @Nullable String requestId,
			@Nullable String responseExcerpt, @Nullable Throwable cause) {
		super(message, cause);
		this.statusCode = statusCode;
		this.requestId = requestId;
		this.responseExcerpt = responseExcerpt;
	}

	public ReductoException(String message, @Nullable Throwable cause) {
		this(message, 0, null, null, cause);
	}

	/** The HTTP status of the server's answer, or 0 when there was none. */
	public int getStatusCode() {
		return this.statusCode;
	}

	/** The server's request id ({@code x-request-id}), to quote to Reducto support. */
	public @Nullable String getRequestId() {
		return this.requestId;
	}

	/** The start of the answer's body, if there was one. */
	public @Nullable String getResponseExcerpt() {
		return this.responseExcerpt;
	}

}
