package io.github.reductospring.client.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * How the client retries failed calls. The defaults follow the official Reducto SDKs: two retries, half a second
 * doubling up to eight seconds, and the server's {@code retry-after} hint honoured up to a minute.
 *
 * @param enabled whether failed calls are retried at all
 * @param maxRetries retries after the first attempt
 * @param delay wait before the first retry
 * @param multiplier growth of the wait from one retry to the next
 * @param maxDelay longest wait between two attempts
 * @param jitter random amount added to or taken from each wait, so that clients do not retry in step
 * @param maxRetryAfter longest server-requested wait that is honoured; a call asked to wait longer fails at once
 * with the server's hint, an invalid hint falls back to the computed wait
 * @param callTimeout overall deadline of one call, all attempts and waits included
 */
public record RetrySettings(boolean enabled, long maxRetries, Duration delay, double multiplier, Duration maxDelay,
		Duration jitter, Duration maxRetryAfter, Duration callTimeout) {

	/** The SDKs' defaults, with a five-minute deadline per call. */
	public static final RetrySettings DEFAULTS = new RetrySettings(true, 2, Duration.ofMillis(500), 2.0,
			Duration.ofSeconds(8), Duration.ofMillis(100), Duration.ofSeconds(60), Duration.ofMinutes(5));

	public RetrySettings {
		Objects.requireNonNull(delay, "delay");
		Objects.requireNonNull(maxDelay, "maxDelay");
		Objects.requireNonNull(jitter, "jitter");
		Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
		Objects.requireNonNull(callTimeout, "callTimeout");
		require(maxRetries >= 0, "RetrySettings.maxRetries must be 0 or more, got " + maxRetries);
		require((!delay.isNegative() && !delay.isZero()), "RetrySettings.delay must be positive, got " + delay);
		require(multiplier >= 1.0, "RetrySettings.multiplier must be 1 or more, got " + multiplier);
		require(maxDelay.compareTo(delay) >= 0,
				"RetrySettings.maxDelay (" + maxDelay + ") must not be shorter than RetrySettings.delay (" + delay + ")");
		require(!jitter.isNegative() && jitter.compareTo(delay) < 0,
				"RetrySettings.jitter must be 0 or more and shorter than RetrySettings.delay (" + delay + "), got "
						+ jitter);
		require(!maxRetryAfter.isNegative(), "RetrySettings.maxRetryAfter must not be negative, got " + maxRetryAfter);
		require((!callTimeout.isNegative() && !callTimeout.isZero()), "RetrySettings.callTimeout must be positive, got " + callTimeout);
	}

	/** These settings with retries on or off. */
	public RetrySettings withEnabled(boolean enabled) {
		return new RetrySettings(enabled, this.maxRetries, this.delay, this.multiplier, this.maxDelay, this.jitter,
				this.maxRetryAfter, this.callTimeout);
	}

	/** These settings with another number of retries. */
	public RetrySettings withMaxRetries(long maxRetries) {
		return new RetrySettings(this.enabled, maxRetries, this.delay, this.multiplier, this.maxDelay, this.jitter,
				this.maxRetryAfter, this.callTimeout);
	}

	/** These settings with other waits (jitter off). */
	public RetrySettings withDelays(Duration delay, Duration maxDelay) {
		return new RetrySettings(this.enabled, this.maxRetries, delay, this.multiplier, maxDelay, Duration.ZERO,
				this.maxRetryAfter, this.callTimeout);
	}

	/** These settings with another cap on server-requested waits. */
	public RetrySettings withMaxRetryAfter(Duration maxRetryAfter) {
		return new RetrySettings(this.enabled, this.maxRetries, this.delay, this.multiplier, this.maxDelay,
				this.jitter, maxRetryAfter, this.callTimeout);
	}

	/** These settings with another overall deadline per call. */
	public RetrySettings withCallTimeout(Duration callTimeout) {
		return new RetrySettings(this.enabled, this.maxRetries, this.delay, this.multiplier, this.maxDelay,
				this.jitter, this.maxRetryAfter, callTimeout);
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

}
