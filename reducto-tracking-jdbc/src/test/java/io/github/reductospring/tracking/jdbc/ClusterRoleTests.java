package io.github.reductospring.tracking.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;
import reactor.test.scheduler.VirtualTimeScheduler;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.tracking.TrackedJobRegistry.TrackedJob;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterRole}'s lease renewals, on virtual time.
 */
class ClusterRoleTests {

	private final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	private final AtomicBoolean databaseUp = new AtomicBoolean(true);

	private final AtomicInteger renewals = new AtomicInteger();

	/** A store whose lease is this instance's whenever the database answers. */
	private final ClusterStore registry = new EmptyStore() {

		@Override
		public boolean holdPollerLease() {
			ClusterRoleTests.this.renewals.incrementAndGet();
			if (!ClusterRoleTests.this.databaseUp.get()) {
				throw new IllegalStateException("Connection refused");
			}
			return true;
		}

	};

	@AfterEach
	void stop() {
		this.time.dispose();
	}

	@Test
	void aPollerThatCannotRenewStopsPollingSixSecondsAfterItsLastRenewalAndResumesWithTheNext() {
		ClusterRole role = new ClusterRole(this.registry, Duration.ofSeconds(5), this.time);
		role.startRenewals(() -> {
		});
		this.time.advanceTime();
		assertThat(role.isPoller()).isTrue();
		this.databaseUp.set(false);
		this.time.advanceTimeBy(ClusterRole.POLLS_WITHOUT_RENEWAL.minusMillis(1));
		assertThat(this.renewals).as("renewals tried meanwhile").hasValue(3);
		assertThat(role.isPoller()).as("within three missed renewals").isTrue();
		this.time.advanceTimeBy(Duration.ofMillis(1));
		assertThat(role.isPoller()).isFalse();
		this.time.advanceTimeBy(Duration.ofSeconds(30));
		assertThat(role.isPoller()).isFalse();
		this.databaseUp.set(true);
		this.time.advanceTimeBy(ClusterRole.LEASE_RENEWAL);
		assertThat(role.isPoller()).as("renewed again").isTrue();
	}

	@Test
	void aWaiterReadsTheEndsRecordedLatelyAndEveryJobItWaitsForNowAndThen() {
		List<String> reads = new ArrayList<>();
		ClusterStore registry = new EmptyStore() {

			@Override
			public List<TrackedJob> endedWithin(Duration window) {
				reads.add("ended within " + window.toSeconds() + " s");
				return List.of(new TrackedJob("j1", JobStatus.COMPLETED, Instant.EPOCH), new TrackedJob("theirs",
						JobStatus.COMPLETED, Instant.EPOCH));
			}

			@Override
			public Map<String, TrackedJob> findAll(Collection<String> jobIds) {
				reads.add("all of " + jobIds);
				return Map.of();
			}

		};
		ClusterRole role = new ClusterRole(registry, Duration.ofSeconds(5), this.time);
		long start = this.time.now(TimeUnit.NANOSECONDS);
		// Many jobs waited for: j1, j2 and more than a query by id should name.
		List<String> waited = new ArrayList<>(List.of("j1", "j2"));
		for (int i = 0; i < ClusterRole.FEW_WAITED; i++) {
			waited.add("w" + i);
		}
		List<Map<String, TrackedJob>> rounds = new ArrayList<>();
		for (Duration at : List.of(Duration.ZERO, Duration.ofMillis(250), Duration.ofMillis(500),
				Duration.ofSeconds(10))) {
			ClusterRole.Plan plan = role.plan(start + at.toNanos(), () -> waited);
			rounds.add(role.read(plan).waited());
			role.readDone();
		}
		String all = "all of " + waited;
		assertThat(reads).containsExactly(all, "ended within 2 s", "ended within 2 s", all);
		assertThat(rounds.get(1)).containsOnlyKeys("j1");
		// Few: by id, every round.
		reads.clear();
		ClusterRole.Plan few = role.plan(start + Duration.ofSeconds(11).toNanos(), () -> List.of("j1", "j2"));
		role.read(few);
		assertThat(reads).containsExactly("all of [j1, j2]");
	}

	@Test
	void theWatchesAreListedOnlyWhenARegistryReadIsDue() {
		ClusterRole role = new ClusterRole(this.registry, Duration.ofSeconds(5), this.time);
		AtomicInteger listed = new AtomicInteger();
		java.util.function.Supplier<List<String>> watches = () -> {
			listed.incrementAndGet();
			return List.of("j1");
		};
		long start = this.time.now(TimeUnit.NANOSECONDS);
		assertThat(role.plan(start, watches).waited()).containsExactly("j1");
		role.readDone();
		// Ticks before the next read is due list nothing: the poller follows thousands of jobs.
		for (long at = 50; at < ClusterRole.READ_INTERVAL.toMillis(); at += 50) {
			assertThat(role.plan(start + Duration.ofMillis(at).toNanos(), watches)).isNull();
		}
		assertThat(listed).hasValue(1);
	}

	@Test
	void aRenewalThatHangsStopsPollingAllTheSame() {
		AtomicBoolean hung = new AtomicBoolean();
		// The lease's thread, stuck in a renewal the database does not answer: what it is given does not run.
		Scheduler leaseThread = new Scheduler() {

			@Override
			public Disposable schedule(Runnable task) {
				return hung.get() ? Disposables.never() : ClusterRoleTests.this.time.schedule(task);
			}

			@Override
			public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
				return hung.get() ? Disposables.never() : ClusterRoleTests.this.time.schedule(task, delay, unit);
			}

			@Override
			public long now(TimeUnit unit) {
				return ClusterRoleTests.this.time.now(unit);
			}

			@Override
			public Worker createWorker() {
				return ClusterRoleTests.this.time.createWorker();
			}

		};
		ClusterStore hangsAfterTheFirstRenewal = new EmptyStore() {

			@Override
			public boolean holdPollerLease() {
				hung.set(true);
				return true;
			}

		};
		ClusterRole role = new ClusterRole(hangsAfterTheFirstRenewal, Duration.ofSeconds(5), leaseThread);
		role.startRenewals(() -> {
		});
		this.time.advanceTime();
		assertThat(role.isPoller()).isTrue();
		this.time.advanceTimeBy(ClusterRole.POLLS_WITHOUT_RENEWAL.minusMillis(1));
		assertThat(role.isPoller()).isTrue();
		this.time.advanceTimeBy(Duration.ofMillis(1));
		assertThat(role.isPoller()).isFalse();
	}

	/** A store that holds the lease and has nothing to read; tests override what they watch. */
	static class EmptyStore implements ClusterStore {

		@Override
		public boolean holdPollerLease() {
			return true;
		}

		@Override
		public void releasePollerLease() {
		}

		@Override
		public void registerSubmitted(String jobId, Instant createdNoEarlierThan, Instant deadline) {
		}

		@Override
		public List<TrackedJob> unfinished() {
			return List.of();
		}

		@Override
		public void nudge(String jobId) {
		}

		@Override
		public List<String> takeNudged() {
			return List.of();
		}

		@Override
		public List<Job> unpublishedEnds() {
			return List.of();
		}

		@Override
		public List<TrackedJob> endedWithin(Duration window) {
			return List.of();
		}

		@Override
		public void markPublished(Collection<String> jobIds) {
		}

		@Override
		public Map<String, TrackedJob> findAll(Collection<String> jobIds) {
			return Map.of();
		}

	}

}
