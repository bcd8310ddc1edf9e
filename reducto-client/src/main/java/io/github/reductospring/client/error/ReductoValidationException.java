package io.github.reductospring.client.error;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The server could not process the request's content (422), with the details of what it rejected.
 */
public class ReductoValidationException extends ReductoApiException {

	private static final long serialVersionUID = 1L;

	private final List<Violation> violations;

	public ReductoValidationException(String message, int statusCode, @Nullable String requestId,
			@Nullable String responseExcerpt, @Nullable Duration retryAfter, @Nullable Boolean serverSaysRetry,
			List<Violation> violations) {
		super(message, statusCode, requestId, responseExcerpt, retryAfter, serverSaysRetry);
		this.violations = List.copyOf(violations);
	}

	/** What the server rejected, field by field. */
	public List<Violation> getViolations() {
		return this.violations;
	}

	/**
	 * One rejected field.
	 *
	 * @param location where, for example {@code body.input} or {@code query.limit}
	 * @param message what is wrong
	 * @param type the validator's error type, for example {@code missing}
	 */
	public record Violation(String location, String message, @Nullable String type) {

		@Override
		public String toString() {
			return this.location + ": " + this.message;
		}

	}

}
