package io.github.reductospring.client.error;

import org.jspecify.annotations.Nullable;

/**
 * The server did not answer in time: an attempt passed its read timeout, or the call passed its overall deadline.
 */
public class ReductoTimeoutException extends ReductoConnectionException {

	private static final long serialVersionUID = 1L;

	public ReductoTimeoutException(String message, boolean requestSent, @Nullable Throwable cause) {
		super(message, requestSent, cause);
	}

}
