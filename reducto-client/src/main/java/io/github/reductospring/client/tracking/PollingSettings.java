package io.github.reductospring.client.tracking;

import java.time.Duration;
import java.util.Objects;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How {@code await} polls a job: the first wait, its growth, its cap and a random jitter.
 *
 * @param initialInterval wait before the second poll
 * @param multiplier growth of the wait from one poll to the next
 * @param maxInterval longest wait between two polls
 * @param jitter random amount added to or taken from each wait, so that many waiters do not poll in step
 */
public record PollingSettings(Duration initialInterval, double multiplier, Duration maxInterval, Duration jitter) {

	/** One second, growing by half each poll up to ten seconds, with 200 ms of jitter. */
	public static final PollingSettings DEFAULTS = new PollingSettings(Duration.ofSeconds(1), 1.5,
			Duration.ofSeconds(10), Duration.ofMillis(200));

	public PollingSettings {
		Objects.requireNonNull(initialInterval, "initialInterval");
		Objects.requireNonNull(maxInterval, "maxInterval");
		Objects.requireNonNull(jitter, "jitter");
		if ((initialInterval.isNegative() || initialInterval.isZero())) {
			throw new IllegalArgumentException("PollingSettings.initialInterval must be positive, got " + initialInterval);
		}
		if (maxInterval.compareTo(initialInterval) < 0) {
			throw new IllegalArgumentException("PollingSettings.maxInterval (" + maxInterval
					+ ") must not be shorter than PollingSettings.initialInterval (" + initialInterval + ")");
		}
		if (multiplier < 1.0) {
			throw new IllegalArgumentException("PollingSettings.multiplier must be 1 or more, got " + multiplier);
		}
		if (jitter.isNegative() || jitter.compareTo(initialInterval) >= 0) {
			throw new IllegalArgumentException("PollingSettings.jitter must be 0 or more and shorter than "
					+ "PollingSettings.initialInterval (" + initialInterval + "), got " + jitter);
		}
	}

	/** The poll schedule as a Spring back-off, unbounded in attempts (the caller's deadline ends it). */
	public BackOff toBackOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(this.initialInterval.toMillis(), this.multiplier);
		backOff.setMaxInterval(this.maxInterval.toMillis());
		backOff.setJitter(this.jitter.toMillis());
		return backOff;
	}

}
