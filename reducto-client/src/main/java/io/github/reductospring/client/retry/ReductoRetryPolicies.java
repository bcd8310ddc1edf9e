package io.github.reductospring.client.retry;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.core.retry.RetryPolicy;

import io.github.reductospring.client.error.ReductoApiException;
import io.github.reductospring.client.error.ReductoConnectionException;
import io.github.reductospring.client.error.ReductoResponseException;

/**
 * The retry decision of this library, as Spring Framework {@link RetryPolicy retry policies}: the only place that
 * knows which failures are worth another attempt.
 * <p>
 * Idempotent calls follow the official SDKs: the server's {@code x-should-retry} header when present, else 408,
 * 409, 429, 5xx, connection failures, timeouts and cut-off bodies. Submissions are stricter, because the SDKs'
 * blind retry of a {@code POST /parse_async} can create a duplicate job: only a refused connection, 429 and 503,
 * where the server surely created nothing.
 */
public final class ReductoRetryPolicies {

	private ReductoRetryPolicies() {
	}

	/**
	 * The policy for calls of this kind. Its back-off counts the retries and spaces them; its timeout is the call's
	 * overall deadline.
	 * @param settings the configured settings
	 * @param kind the kind of call
	 * @return the policy
	 */
	public static RetryPolicy create(RetrySettings settings, CallKind kind) {
		RetryPolicy.Builder builder = RetryPolicy.builder().timeout(settings.callTimeout());
		if (!settings.enabled() || settings.maxRetries() == 0) {
			return builder.maxRetries(0).predicate((failure) -> false).build();
		}
		return builder.maxRetries(settings.maxRetries())
			.delay(settings.delay())
			.multiplier(settings.multiplier())
			.maxDelay(settings.maxDelay())
			.jitter(settings.jitter())
			.predicate((kind == CallKind.IDEMPOTENT) ? ReductoRetryPolicies::isRetryableIdempotent
					: ReductoRetryPolicies::isRetryableSubmission)
			.build();
	}

	/** Whether a failed read or cancel is worth another attempt. */
	public static boolean isRetryableIdempotent(Throwable failure) {
		if (failure instanceof ReductoApiException api) {
			Boolean serverSays = api.getServerSaysRetry();
			if (serverSays != null) {
				return serverSays;
			}
			int status = api.getStatusCode();
			return status == 408 || status == 409 || status == 429 || status >= 500;
		}
		if (failure instanceof ReductoResponseException response) {
			return response.isTruncated();
		}
		return failure instanceof ReductoConnectionException;
	}

	/** Whether a failed submission is surely safe to repeat. */
	public static boolean isRetryableSubmission(Throwable failure) {
		if (failure instanceof ReductoApiException api) {
			if (Boolean.FALSE.equals(api.getServerSaysRetry())) {
				return false;
			}
			return api.getStatusCode() == 429 || api.getStatusCode() == 503;
		}
		if (failure instanceof ReductoConnectionException connection) {
			return !connection.isRequestSent();
		}
		return false;
	}

	/**
	 * Whether the server asked for a longer wait than the client makes before a retry: such a call fails at once,
	 * rather than retry early (which the server said not to) or hold every other call back for that long.
	 * @param failure the failure
	 * @param max the longest wait honoured
	 * @return whether the hint exceeds {@code max}
	 */
	public static boolean asksForALongerWait(Throwable failure, Duration max) {
		return failure instanceof ReductoApiException api && api.getRetryAfter() != null
				&& api.getRetryAfter().compareTo(max) > 0;
	}

	/**
	 * The wait the server asked for, when it is usable: positive and at most {@code max}; otherwise {@code null},
	 * and the policy's back-off applies.
	 * @param failure the failure
	 * @param max the longest wait honoured
	 * @return the wait, or {@code null}
	 */
	public static @Nullable Duration serverRequestedDelay(Throwable failure, Duration max) {
		if (failure instanceof ReductoApiException api) {
			Duration hint = api.getRetryAfter();
			if (hint != null && (!hint.isNegative() && !hint.isZero()) && hint.compareTo(max) <= 0) {
				return hint;
			}
		}
		return null;
	}

}
