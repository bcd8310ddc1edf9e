package io.github.reductospring.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * The API's busiest second, from the emulator's request counts read every second: requests between two readings
 * divided by the time between them, as a loaded machine wakes the sampler late (a count per reading overstated it).
 */
final class RequestSampler {

	private final LongSupplier requests;

	private final LongSupplier nanoTime;

	private final AtomicLong busiest = new AtomicLong();

	private long previousRequests = -1;

	private long previousNanos;

	private @Nullable Thread thread;

	private volatile boolean running = true;

	/**
	 * A sampler to drive by hand.
	 * @param requests the requests served so far
	 * @param nanoTime the clock
	 */
	RequestSampler(LongSupplier requests, LongSupplier nanoTime) {
		this.requests = requests;
		this.nanoTime = nanoTime;
	}

	static RequestSampler start(BenchmarkEmulator emulator) {
		RequestSampler sampler = new RequestSampler(() -> total(emulator), System::nanoTime);
		sampler.sample();
		Thread thread = new Thread(() -> {
			while (sampler.running) {
				try {
					TimeUnit.SECONDS.sleep(1);
				}
				catch (InterruptedException ex) {
					return;
				}
				sampler.sample();
			}
		}, "cluster-benchmark-sampler");
		thread.setDaemon(true);
		sampler.thread = thread;
		thread.start();
		return sampler;
	}

	/** Reads the count: from the second reading on, the rate since the one before may be the busiest. */
	void sample() {
		long now = this.nanoTime.getAsLong();
		long served = this.requests.getAsLong();
		if (this.previousRequests >= 0 && now > this.previousNanos) {
			long perSecond = Math.round((served - this.previousRequests) * 1e9 / (now - this.previousNanos));
			this.busiest.accumulateAndGet(perSecond, Math::max);
		}
		this.previousRequests = served;
		this.previousNanos = now;
	}

	/** The most requests a second so far. */
	long busiest() {
		return this.busiest.get();
	}

	long stop() throws InterruptedException {
		this.running = false;
		Thread running = this.thread;
		if (running != null) {
			running.interrupt();
			running.join(5_000);
		}
		return this.busiest.get();
	}

	private static long total(BenchmarkEmulator emulator) {
		try {
			return emulator.stats().values().stream().mapToLong(Long::longValue).sum();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not read the emulator's request counts", ex);
		}
	}

}
