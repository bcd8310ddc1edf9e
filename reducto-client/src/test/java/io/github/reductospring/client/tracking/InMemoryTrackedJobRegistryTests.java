package io.github.reductospring.client.tracking;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.tracking.TrackedJobRegistry.TrackedJob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link InMemoryTrackedJobRegistry}: the contract every {@link TrackedJobRegistry} keeps.
 */
class InMemoryTrackedJobRegistryTests {

	private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

	private final TrackedJobRegistry registry = TrackedJobRegistry.inMemory();

	@Test
	void registeringTwiceKeepsTheFirstRecord() {
		TrackedJob first = this.registry.register("a", T0);
		TrackedJob again = this.registry.register("a", T0.plusSeconds(60));
		assertThat(again).isEqualTo(first).isEqualTo(new TrackedJob("a", null, T0));
		assertThat(this.registry.find("a")).isEqualTo(first);
		assertThat(this.registry.find("b")).isNull();
	}

	@Test
	void aChangeIsRecordedOnlyAgainstTheStatusItWasSeenFrom() {
		this.registry.register("a", T0);
		Instant created = T0.minusSeconds(5);
		assertThat(this.registry.recordStatus("a", null, job("a", JobStatus.PENDING, created))).isTrue();
		// A second reporter that also saw 'nothing yet' loses: the change was claimed.
		assertThat(this.registry.recordStatus("a", null, job("a", JobStatus.PENDING, created))).isFalse();
		assertThat(this.registry.recordStatus("a", JobStatus.PENDING, job("a", JobStatus.PROCESSING, null))).isTrue();
		assertThat(this.registry.find("a")).isEqualTo(new TrackedJob("a", JobStatus.PROCESSING, created));
	}

	@Test
	void anEndIsRememberedAfterTheJobLeavesTheWatchedSet() {
		this.registry.register("a", T0);
		assertThat(this.registry.recordStatus("a", null, job("a", JobStatus.COMPLETED, T0))).isTrue();
		assertThat(this.registry.find("a")).satisfies((job) -> assertThat(job.hasEnded()).isTrue());
		// Ended jobs take no more changes, and removing them does not forget the end.
		assertThat(this.registry.recordStatus("a", JobStatus.COMPLETED, job("a", JobStatus.FAILED, T0))).isFalse();
		this.registry.remove("a");
		assertThat(this.registry.find("a")).isEqualTo(new TrackedJob("a", JobStatus.COMPLETED, T0));
		// Registering an ended job again gives its end, not a new watch.
		assertThat(this.registry.register("a", T0).status()).isEqualTo(JobStatus.COMPLETED);
	}

	@Test
	void aJobNobodyWaitsForIsForgottenUntilItEnds() {
		this.registry.register("a", T0);
		this.registry.recordStatus("a", null, job("a", JobStatus.PROCESSING, T0));
		this.registry.remove("a");
		assertThat(this.registry.find("a")).isNull();
		assertThat(this.registry.recordStatus("a", JobStatus.PROCESSING, job("a", JobStatus.COMPLETED, T0))).isFalse();
	}

	@Test
	void endedJobsBeyondTheCapacityAreForgottenOldestFirst() {
		TrackedJobRegistry small = new InMemoryTrackedJobRegistry(2);
		for (String id : new String[] { "a", "b", "c" }) {
			small.register(id, T0);
			small.recordStatus(id, null, job(id, JobStatus.COMPLETED, T0));
		}
		assertThat(small.find("a")).isNull();
		assertThat(small.find("b")).isNotNull();
		assertThat(small.find("c")).isNotNull();
		assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryTrackedJobRegistry(-1));
	}

	/** A job as a read would give it. */
	static Job job(String id, JobStatus status, Instant createdAt) {
		return new Job(id, status, status.name(), null, null, null, null, createdAt, null, null, null, null, null);
	}

}
