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
public record RandomFaults(double errorShare, double rateLimitShare, double slowShare, Duration slowFor) {

	/** No random faults. */
	public static final RandomFaults NONE = new RandomFaults(0, 0, 0, Duration.ZERO);

	public RandomFaults {
		for (double share : new double[] { errorShare, rateLimitShare, slowShare }) {
			if (share < 0 || share > 1) {
				throw new IllegalArgumentException("Fault shares are from 0 to 1, got " + share);
			}
		}
	}

	/** The fault for one request, or {@code null} for none. */
	@Nullable Fault pick() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		if (this.errorShare > 0 && random.nextDouble() < this.errorShare) {
			return Fault.status(503);
		}
		if (this.rateLimitShare > 0 && random.nextDouble() < this.rateLimitShare) {
			return Fault.rateLimited("1");
		}
		if (this.slowShare > 0 && random.nextDouble() < this.slowShare) {
			return Fault.delay(this.slowFor);
		}
		return null;
	}

}
