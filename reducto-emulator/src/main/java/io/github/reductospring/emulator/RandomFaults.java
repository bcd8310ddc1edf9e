package io.github.reductospring.emulator;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * Faults applied at random to a share of API requests: server errors (503), rate limiting (429 with a one-second
 * hint) and slow answers. Shares are from 0 to 1 and are drawn independently, in that order.
 *
 * @param errorShare share of requests answered 503
 * @param rateLimitShare share of requests answered 429
 * @param slowShare share of requests answered only after {@code slowFor}
 * @param slowFor delay of slow answers
 */
public record RandomFaults(double errorShare, double rateLimitShare, double slowShare, Duration slowFor,
		double resetShare) {

	/** No random faults. */
	public static final RandomFaults NONE = new RandomFaults(0, 0, 0, Duration.ZERO, 0);

	/** Without dropped connections. */
	public RandomFaults(double errorShare, double rateLimitShare, double slowShare, Duration slowFor) {
		this(errorShare, rateLimitShare, slowShare, slowFor, 0);
	}

	public RandomFaults {
		for (double share : new double[] { errorShare, rateLimitShare, slowShare, resetShare }) {
			if (share < 0 || share > 1) {
				throw new IllegalArgumentException("Fault shares are from 0 to 1, got " + share);
			}
		}
	}

	/**
	 * The fault for one request, or {@code null} for none. A 429 says which of Reducto's limits it is: job reads'
	 * ({@code [CODE 2000]}) on {@code GET /job/{id}}, all requests' ({@code [CODE 1000]}) elsewhere.
	 */
	@Nullable Fault pick(String rawPath) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		if (this.errorShare > 0 && random.nextDouble() < this.errorShare) {
			return Fault.status(503);
		}
		if (this.resetShare > 0 && random.nextDouble() < this.resetShare) {
			return Fault.disconnect();
		}
		if (this.rateLimitShare > 0 && random.nextDouble() < this.rateLimitShare) {
			return rawPath.startsWith("/job/") ? Fault.rateLimited("1")
					: Fault.status(429).header("retry-after", "1")
						.body("{\"message\":\"[CODE 1000] rate limit exceeded, retry with exponential backoff\"}");
		}
		if (this.slowShare > 0 && random.nextDouble() < this.slowShare) {
			return Fault.delay(this.slowFor);
		}
		return null;
	}

}
