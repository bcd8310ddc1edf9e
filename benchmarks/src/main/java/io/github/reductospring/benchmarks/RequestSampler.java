package io.github.reductospring.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The API's busiest second, from the emulator's request counts read every second. */
final class RequestSampler {

	private final Thread thread;

	private final AtomicLong busiest = new AtomicLong();

	private volatile boolean running = true;

	private RequestSampler(BenchmarkEmulator emulator) {
		this.thread = new Thread(() -> {
			long previous = total(emulator);
			while (this.running) {
				try {
					TimeUnit.SECONDS.sleep(1);
				}
				catch (InterruptedException ex) {
					return;
				}
				long now = total(emulator);
				this.busiest.accumulateAndGet(now - previous, Math::max);
				previous = now;
			}
		}, "cluster-benchmark-sampler");
		this.thread.setDaemon(true);
	}

	static RequestSampler start(BenchmarkEmulator emulator) {
		RequestSampler sampler = new RequestSampler(emulator);
		sampler.thread.start();
		return sampler;
	}

	long stop() throws InterruptedException {
		this.running = false;
		this.thread.interrupt();
		this.thread.join(5_000);
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
