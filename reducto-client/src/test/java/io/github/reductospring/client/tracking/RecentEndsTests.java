package io.github.reductospring.client.tracking;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.github.reductospring.client.model.JobStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RecentEnds}: an hour of ends, at most its capacity, oldest dropped first.
 */
class RecentEndsTests {

	private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

	@Test
	void keepsTheNewestEndsUpToItsCapacity() {
		RecentEnds ends = new RecentEnds(3);
		ends.record(JobStatus.FAILED, T0);
		for (int i = 1; i <= 4; i++) {
			ends.record(JobStatus.COMPLETED, T0.plusSeconds(i));
		}
		assertThat(ends.since(T0)).containsExactlyEntriesOf(java.util.Map.of(JobStatus.COMPLETED, 3L));
	}

	@Test
	void forgetsEndsOlderThanAnHour() {
		RecentEnds ends = new RecentEnds(100);
		ends.record(JobStatus.FAILED, T0);
		ends.record(JobStatus.COMPLETED, T0.plusSeconds(3601));
		assertThat(ends.since(T0)).containsOnlyKeys(JobStatus.COMPLETED);
		assertThat(ends.since(T0.plusSeconds(3602))).isEmpty();
	}

}
