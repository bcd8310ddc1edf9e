package io.github.reductospring.client.error;

import org.jspecify.annotations.Nullable;

/**
 * The server did not answer in time: an attempt passed its read timeout, or the call passed its overall deadline.
 */
public class ReductoTimeoutException extends ReductoConnectionException {

	private static final long serialVersionUID = 1L;

	private final boolean deadlinePassed;

	public ReductoTimeoutException(String message, boolean requestSent, @Nullable Throwable cause) {
		this(message, requestSent, false, cause);
	}

	/**
	 * @param message what timed out
	 * @param requestSent whether the request was sent
	 * @param deadlinePassed whether the call passed its overall deadline, rather than an attempt its read timeout
	 * @param cause the cause, if any
	 */
	public ReductoTimeoutException(String message, boolean requestSent, boolean deadlinePassed,
			@Nullable Throwable cause) {
		super(message, requestSent, cause);
		this.deadlinePassed = deadlinePassed;
	}

	/** Whether the call passed its overall deadline, all attempts and waits included. */
	public boolean isDeadlinePassed() {
		return this.deadlinePassed;
	}

}
