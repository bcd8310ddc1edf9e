package io.github.reductospring.autoconfigure;

import java.time.Duration;

import io.github.reductospring.client.tracking.PollingSettings;

/**
 * Polling while awaiting a job.
 */
public class ReductoPollingProperties {

	/**
	 * Wait before the second poll.
	 */
	private Duration initialInterval = Duration.ofSeconds(1);

	/**
	 * Growth of the wait from one poll to the next.
	 */
	private double multiplier = 1.5;

	/**
	 * Longest wait between two polls.
	 */
	private Duration maxInterval = Duration.ofSeconds(10);

	/**
	 * Random amount added to or taken from each wait; must be shorter than the initial interval.
	 */
	private Duration jitter = Duration.ofMillis(200);

	public Duration getInitialInterval() {
		return this.initialInterval;
	}

	public void setInitialInterval(Duration initialInterval) {
		this.initialInterval = initialInterval;
	}

	public double getMultiplier() {
		return this.multiplier;
	}

	public void setMultiplier(double multiplier) {
		this.multiplier = multiplier;
	}

	public Duration getMaxInterval() {
		return this.maxInterval;
	}

	public void setMaxInterval(Duration maxInterval) {
		this.maxInterval = maxInterval;
	}

	public Duration getJitter() {
		return this.jitter;
	}

	public void setJitter(Duration jitter) {
		this.jitter = jitter;
	}

	/** These properties as the client's settings. */
	PollingSettings toSettings() {
		return new PollingSettings(this.initialInterval, this.multiplier, this.maxInterval, this.jitter);
	}
}
