package io.github.reductospring.client.http;

import java.time.Duration;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

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

	@Test
	void aCallerThatGivesUpNeverLetsTwoOthersShareASlot() {
		VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
		try {
			RateLimiter limiter = new RateLimiter(1);
			List<String> granted = new ArrayList<>();
			// a and b go at once (the burst); c, d and e book the slots at 1, 2 and 3 s.
			for (String caller : List.of("a", "b", "c")) {
				limiter.acquire().subscribe(null, null, () -> granted.add(caller));
			}
			Disposable d = limiter.acquire().subscribe(null, null, () -> granted.add("d"));
			limiter.acquire().subscribe(null, null, () -> granted.add("e"));
			// d gives up: its slot is not handed out again while a later one (e's) is booked.
			d.dispose();
			limiter.acquire().subscribe(null, null, () -> granted.add("f"));
			time.advanceTimeBy(Duration.ofSeconds(3));
			assertThat(granted).as("one call a second: two at once, then one at 1 s and one at 3 s")
				.containsExactly("a", "b", "c", "e");
			time.advanceTimeBy(Duration.ofSeconds(1));
			assertThat(granted).containsExactly("a", "b", "c", "e", "f");
		}
		finally {
			VirtualTimeScheduler.reset();
		}
	}

	@Test
	void theLastCallerToBookGivesItsSlotBackWhenItGivesUp() {
		VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
		try {
			RateLimiter limiter = new RateLimiter(1);
			List<String> granted = new ArrayList<>();
			for (String caller : List.of("a", "b")) {
				limiter.acquire().subscribe(null, null, () -> granted.add(caller));
			}
			Disposable c = limiter.acquire().subscribe(null, null, () -> granted.add("c"));
			c.dispose();
			limiter.acquire().subscribe(null, null, () -> granted.add("d"));
			time.advanceTimeBy(Duration.ofSeconds(1));
			assertThat(granted).as("d takes c's slot at 1 s").containsExactly("a", "b", "d");
		}
		finally {
			VirtualTimeScheduler.reset();
		}
	}

}
