package io.github.reductospring.client.error;

import org.jspecify.annotations.Nullable;

/**
 * Root of everything that can go wrong with a Reducto call. Messages name the operation and, where the server
 * answered, its status and request id; they never contain the API key.
 */
public class ReductoException extends RuntimeException implements Cloneable {

	private static final long serialVersionUID = 1L;

	/** Where the call failed, when this copy was rethrown to a blocking caller; replaces the cause it reports. */
	private @Nullable ReactiveTrace reactiveTrace;

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

	/**
	 * A copy of this exception, same type and details, for a caller that waited on another thread: its stack trace is
	 * the caller's, so that a blocking call's failure starts with the application's own frames, and its cause is a
	 * {@link ReactiveTrace} holding where the call failed (whose cause is this exception's cause). Each caller gets a
	 * copy of its own: an exception delivered to several waiters is never changed.
	 * @param callerStack the caller's stack trace
	 * @return the copy
	 */
	public ReductoException rethrownTo(StackTraceElement[] callerStack) {
		ReductoException copy;
		try {
			copy = (ReductoException) clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException(ex);
		}
		ReactiveTrace trace = new ReactiveTrace(super.getCause());
		trace.setStackTrace(getStackTrace());
		copy.reactiveTrace = trace;
		copy.setStackTrace(callerStack);
		return copy;
	}

	@Override
	public synchronized @Nullable Throwable getCause() {
		return (this.reactiveTrace != null) ? this.reactiveTrace : super.getCause();
	}

	/** Where a call rethrown to a blocking caller failed: the reactive part of its stack. */
	public static final class ReactiveTrace extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ReactiveTrace(@Nullable Throwable cause) {
			super("where the call failed, in its reactive part", cause);
		}

	}

}
