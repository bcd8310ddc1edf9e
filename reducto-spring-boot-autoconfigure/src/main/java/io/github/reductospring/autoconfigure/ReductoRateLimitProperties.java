package io.github.reductospring.autoconfigure;

import io.github.reductospring.client.http.RateLimitSettings;

/**
 * Client-side pacing of requests, below Reducto's per-key limits (1,000/s overall, 200/s for job reads).
 */
public class ReductoRateLimitProperties {

	/**
	 * Whether requests are paced.
	 */
	private boolean enabled = true;

	/**
	 * Requests per second, all endpoints together.
	 */
	private double requestsPerSecond = 800;

	/**
	 * Requests per second to GET /job/{id}.
	 */
	private double jobReadsPerSecond = 180;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public double getRequestsPerSecond() {
		return this.requestsPerSecond;
	}

	public void setRequestsPerSecond(double requestsPerSecond) {
		this.requestsPerSecond = requestsPerSecond;
	}

	public double getJobReadsPerSecond() {
		return this.jobReadsPerSecond;
	}

	public void setJobReadsPerSecond(double jobReadsPerSecond) {
		this.jobReadsPerSecond = jobReadsPerSecond;
	}

	/** These properties as the client's settings. */
	RateLimitSettings toSettings() {
		return new RateLimitSettings(this.enabled, this.requestsPerSecond, this.jobReadsPerSecond);
	}
}
