package io.github.reductospring.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples this JVM's live threads and its heap after GC while a scenario runs.
 */
final class ResourceSampler {

	private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

	private final int threadsAtStart;

	private final long heapAtStart;

	private final AtomicInteger peakThreads = new AtomicInteger();

	private final AtomicLong peakRetainedHeap = new AtomicLong();

	private ResourceSampler() {
		this.heapAtStart = heapAfterGc();
		this.threadsAtStart = ManagementFactory.getThreadMXBean().getThreadCount();
		this.peakThreads.set(this.threadsAtStart);
		this.sampler.scheduleAtFixedRate(() -> this.peakThreads
			.accumulateAndGet(ManagementFactory.getThreadMXBean().getThreadCount(), Math::max), 100, 100,
				TimeUnit.MILLISECONDS);
		this.sampler.scheduleAtFixedRate(() -> this.peakRetainedHeap.accumulateAndGet(heapAfterGc(), Math::max),
				5, 5, TimeUnit.SECONDS);
	}

	static ResourceSampler start() {
		return new ResourceSampler();
	}

	Usage stop() {
		this.peakRetainedHeap.accumulateAndGet(heapAfterGc(), Math::max);
		this.sampler.shutdownNow();
		return new Usage(this.threadsAtStart, this.peakThreads.get(),
				Math.max(0, this.peakRetainedHeap.get() - this.heapAtStart));
	}

	private static long heapAfterGc() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/**
	 * Threads and heap of one run.
	 */
	record Usage(int threadsAtStart, int peakThreads, long retainedGrowthBytes) {
	}

}
