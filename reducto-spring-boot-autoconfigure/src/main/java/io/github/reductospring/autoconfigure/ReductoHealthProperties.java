package io.github.reductospring.autoconfigure;

import java.time.Duration;

/**
 * The 'reducto' health indicator.
 */
public class ReductoHealthProperties {

	/**
	 * Longest wait for the API's answer to a health check.
	 */
	private Duration timeout = Duration.ofSeconds(3);

	/**
	 * How long a health result is reused, so that probes never eat the rate limit.
	 */
	private Duration cacheTtl = Duration.ofSeconds(30);

	/**
	 * Window over which the share of failed jobs is computed.
	 */
	private Duration failureWindow = Duration.ofMinutes(15);

	/**
	 * Share of failed jobs (0 to 1) in the window from which the indicator reports 'failure-status'.
	 */
	private double failureRatioThreshold = 0.5;

	/**
	 * Ended jobs needed in the window before the failure share counts.
	 */
	private int minimumEndedJobs = 10;

	/**
	 * Status reported when the failure share reaches the threshold.
	 */
	private FailureStatus failureStatus = FailureStatus.DEGRADED;

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Duration getCacheTtl() {
		return this.cacheTtl;
	}

	public void setCacheTtl(Duration cacheTtl) {
		this.cacheTtl = cacheTtl;
	}

	public Duration getFailureWindow() {
		return this.failureWindow;
	}

	public void setFailureWindow(Duration failureWindow) {
		this.failureWindow = failureWindow;
	}

	public double getFailureRatioThreshold() {
		return this.failureRatioThreshold;
	}

	public void setFailureRatioThreshold(double failureRatioThreshold) {
		this.failureRatioThreshold = failureRatioThreshold;
	}

	public int getMinimumEndedJobs() {
		return this.minimumEndedJobs;
	}

	public void setMinimumEndedJobs(int minimumEndedJobs) {
		this.minimumEndedJobs = minimumEndedJobs;
	}

	public FailureStatus getFailureStatus() {
		return this.failureStatus;
	}

	public void setFailureStatus(FailureStatus failureStatus) {
		this.failureStatus = failureStatus;
	}

	/** What the indicator reports when too many jobs failed lately. */
	public enum FailureStatus {

		/** The custom status {@code DEGRADED}, answered with HTTP 200 unless mapped otherwise. */
		DEGRADED,

		/** {@code DOWN}, answered with HTTP 503. */
		DOWN

	}

}
