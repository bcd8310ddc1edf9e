package io.github.reductospring.autoconfigure;

import java.time.Duration;

import io.github.reductospring.client.retry.RetrySettings;

/**
 * Retry of failed calls.
 */
public class ReductoRetryProperties {

	/**
	 * Whether failed calls are retried.
	 */
	private boolean enabled = true;

	/**
	 * Maximum number of retries after the first attempt.
	 */
	private long maxRetries = 2;

	/**
	 * Wait before the first retry.
	 */
	private Duration delay = Duration.ofMillis(500);

	/**
	 * Growth of the wait from one retry to the next.
	 */
	private double multiplier = 2.0;

	/**
	 * Longest wait between two attempts.
	 */
	private Duration maxDelay = Duration.ofSeconds(8);

	/**
	 * Random amount added to or taken from each wait; must be shorter than the delay.
	 */
	private Duration jitter = Duration.ofMillis(100);

	/**
	 * Longest server-requested wait (Retry-After) honoured; a call asked to wait longer fails at once.
	 */
	private Duration maxRetryAfter = Duration.ofSeconds(60);

	/**
	 * Overall deadline of one call, all attempts and waits included.
	 */
	private Duration callTimeout = Duration.ofMinutes(5);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public long getMaxRetries() {
		return this.maxRetries;
	}

	public void setMaxRetries(long maxRetries) {
		this.maxRetries = maxRetries;
	}

	public Duration getDelay() {
		return this.delay;
	}

	public void setDelay(Duration delay) {
		this.delay = delay;
	}

	public double getMultiplier() {
		return this.multiplier;
	}

	public void setMultiplier(double multiplier) {
		this.multiplier = multiplier;
	}

	public Duration getMaxDelay() {
		return this.maxDelay;
	}

	public void setMaxDelay(Duration maxDelay) {
		this.maxDelay = maxDelay;
	}

	public Duration getJitter() {
		return this.jitter;
	}

	public void setJitter(Duration jitter) {
		this.jitter = jitter;
	}

	public Duration getMaxRetryAfter() {
		return this.maxRetryAfter;
	}

	public void setMaxRetryAfter(Duration maxRetryAfter) {
		this.maxRetryAfter = maxRetryAfter;
	}

	public Duration getCallTimeout() {
		return this.callTimeout;
	}

	public void setCallTimeout(Duration callTimeout) {
		this.callTimeout = callTimeout;
	}

	/** These properties as the client's settings. */
	RetrySettings toSettings() {
		return new RetrySettings(this.enabled, this.maxRetries, this.delay, this.multiplier, this.maxDelay, this.jitter,
				this.maxRetryAfter, this.callTimeout);
	}
}
