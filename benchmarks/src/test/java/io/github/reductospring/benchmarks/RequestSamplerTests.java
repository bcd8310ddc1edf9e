package io.github.reductospring.benchmarks;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RequestSampler}: the busiest second is a rate, whatever the time between two readings (a loaded
 * machine wakes the sampler late).
 */
class RequestSamplerTests {

	@Test
	void aLateReadingCountsPerSecondNotPerReading() {
		AtomicLong requests = new AtomicLong();
		AtomicLong nanos = new AtomicLong();
		RequestSampler sampler = new RequestSampler(requests::get, nanos::get);
		requests.set(900);
		nanos.set(1_000_000_000L);
		sampler.sample();
		// Woken half a second late: 1,500 requests in 1.5 s is 1,000 a second.
		requests.addAndGet(1_500);
		nanos.addAndGet(1_500_000_000L);
		sampler.sample();
		assertThat(sampler.busiest()).isEqualTo(1_000);
		requests.addAndGet(1_100);
		nanos.addAndGet(1_000_000_000L);
		sampler.sample();
		assertThat(sampler.busiest()).isEqualTo(1_100);
	}

}
