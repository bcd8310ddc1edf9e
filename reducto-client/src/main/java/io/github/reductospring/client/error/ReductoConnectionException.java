package io.github.reductospring.client.error;

import org.jspecify.annotations.Nullable;

/**
 * No answer came from the server: the connection failed or broke.
 */
public class ReductoConnectionException extends ReductoException {

	private static final long serialVersionUID = 1L;

	private final boolean requestSent;

	public ReductoConnectionException(String message, boolean requestSent, @Nullable Throwable cause) {
		super(message, cause);
		this.requestSent = requestSent;
	}

	/**
	 * Whether the request may have reached the server. {@code false} only when the connection was never made
	 * (refused, or timed out while connecting), so that the server surely did nothing.
	 */
	public boolean isRequestSent() {
		return this.requestSent;
	}

}
