package io.github.reductospring.client.http;

/**
 * Client-side request rates, kept below Reducto's per-key limits (1,000 requests a second overall, 200 a second
 * for {@code GET /job/{id}}) so that this client does not cause 429s itself.
 *
 * @param enabled whether requests are paced at all
 * @param requestsPerSecond pace of all requests
 * @param jobReadsPerSecond pace of {@code GET /job/{id}} requests
 */
public record RateLimitSettings(boolean enabled, double requestsPerSecond, double jobReadsPerSecond) {

	/** 800 requests a second overall, 180 job reads a second: 20% and 10% below Reducto's limits. */
	public static final RateLimitSettings DEFAULTS = new RateLimitSettings(true, 800, 180);

	public RateLimitSettings {
		if (requestsPerSecond <= 0 || jobReadsPerSecond <= 0) {
			throw new IllegalArgumentException("RateLimitSettings.requestsPerSecond and RateLimitSettings.jobReadsPerSecond must be positive, got " + requestsPerSecond
					+ " and " + jobReadsPerSecond);
		}
	}

}
