package io.github.reductospring.client.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Paces requests to a rate, allowing a short burst (a tenth of a second's worth): each request reserves the next
 * free slot and waits for it. A 429 pushes every slot back by the server's hint, so the whole client slows down
 * rather than each call retrying on its own. Time comes from Reactor's parallel scheduler, so tests can run it in
 * virtual time.
 */
final class RateLimiter {

	private final long intervalNanos;

	private final long burstNanos;

	private final AtomicLong nextSlot = new AtomicLong(Long.MIN_VALUE);

	RateLimiter(double perSecond) {
		this.intervalNanos = (long) (1_000_000_000L / perSecond);
		this.burstNanos = Math.max(this.intervalNanos, 100_000_000L);
	}

	/** How long the caller must wait for its slot; reserves it. */
	Duration reserve() {
		long now = now();
		while (true) {
			long next = this.nextSlot.get();
			long start = Math.max(next, now - this.burstNanos);
			if (this.nextSlot.compareAndSet(next, start + this.intervalNanos)) {
				return Duration.ofNanos(Math.max(0, start - now));
			}
		}
	}

	/** Moves every free slot to at least {@code pause} from now. */
	void pause(Duration pause) {
		long until = now() + pause.toNanos();
		this.nextSlot.accumulateAndGet(until, Math::max);
	}

	/** Waits for the slots of all given limiters. */
	static Mono<Void> acquire(RateLimiter... limiters) {
		return Mono.defer(() -> {
			Duration wait = Duration.ZERO;
			for (RateLimiter limiter : limiters) {
				Duration reserved = limiter.reserve();
				wait = (reserved.compareTo(wait) > 0) ? reserved : wait;
			}
			return (wait.isZero()) ? Mono.empty() : Mono.delay(wait).then();
		});
	}

	private static long now() {
		return Schedulers.parallel().now(TimeUnit.NANOSECONDS);
	}

}
