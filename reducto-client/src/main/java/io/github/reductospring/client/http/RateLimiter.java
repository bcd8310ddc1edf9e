package io.github.reductospring.client.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Paces requests to a rate, allowing a short burst (a tenth of a second's worth): each request reserves the next
 * free slot and waits for it; one that gives up before its slot gives it back if it was the last booked. A pause
 * holds back every slot until it ends. Time comes from Reactor's parallel scheduler, so tests can run it in virtual
 * time.
 */
final class RateLimiter {

	private final long intervalNanos;

	private final long burstNanos;

	private final AtomicLong nextSlot = new AtomicLong(Long.MIN_VALUE);

	private final AtomicLong pausedUntil = new AtomicLong(Long.MIN_VALUE);

	RateLimiter(double perSecond) {
		this.intervalNanos = (long) (1_000_000_000L / perSecond);
		this.burstNanos = Math.max(this.intervalNanos, 100_000_000L);
	}

	/** Waits for a slot; cancelling the wait gives the slot back if no later one was booked. */
	Mono<Void> acquire() {
		return Mono.defer(() -> {
			long now = now();
			long slot = reserve(now);
			if (slot <= now) {
				return Mono.empty();
			}
			return Mono.delay(Duration.ofNanos(slot - now)).then().doOnCancel(() -> release(slot));
		});
	}

	/** Holds back every slot until {@code pause} from now. */
	void pause(Duration pause) {
		this.pausedUntil.accumulateAndGet(now() + pause.toNanos(), Math::max);
	}

	/** Reserves the next slot; returns when it begins, on {@link #now()}'s clock. */
	private long reserve(long now) {
		long earliest = Math.max(now - this.burstNanos, this.pausedUntil.get());
		while (true) {
			long next = this.nextSlot.get();
			long start = Math.max(next, earliest);
			if (this.nextSlot.compareAndSet(next, start + this.intervalNanos)) {
				return start;
			}
		}
	}

	/**
	 * Gives a slot back, for the next caller, if it is still the last one booked. Once a later one is booked, the
	 * slot is left unused: moving the next slot back then would hand a booked slot out twice.
	 */
	private void release(long slot) {
		this.nextSlot.compareAndSet(slot + this.intervalNanos, slot);
	}

	private static long now() {
		return Schedulers.parallel().now(TimeUnit.NANOSECONDS);
	}

}
