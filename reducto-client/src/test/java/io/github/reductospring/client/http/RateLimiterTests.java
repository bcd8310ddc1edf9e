package io.github.reductospring.client.http;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Tests for {@link RateLimiter}, in virtual time.
 */
class RateLimiterTests {

	@Test
	void pacesRequestsToTheRateAfterASmallBurst() {
		StepVerifier.withVirtualTime(() -> {
			RateLimiter limiter = new RateLimiter(2);
			return Flux.range(0, 5).concatMap((i) -> limiter.acquire().thenReturn(i));
		})
			.expectSubscription()
			// A burst of two (the first slot, plus half a second's worth), then one every 500 ms.
			.expectNext(0, 1)
			.expectNoEvent(Duration.ofMillis(499))
			.thenAwait(Duration.ofMillis(1))
			.expectNext(2)
			.thenAwait(Duration.ofMillis(500))
			.expectNext(3)
			.thenAwait(Duration.ofMillis(500))
			.expectNext(4)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void aPauseHoldsBackEveryFollowingRequest() {
		StepVerifier.withVirtualTime(() -> {
			RateLimiter limiter = new RateLimiter(100);
			limiter.pause(Duration.ofSeconds(3));
			return Flux.range(0, 2).concatMap((i) -> limiter.acquire().thenReturn(i));
		})
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(2999))
			.thenAwait(Duration.ofMillis(1))
			.expectNext(0)
			.thenAwait(Duration.ofMillis(10))
			.expectNext(1)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

}
