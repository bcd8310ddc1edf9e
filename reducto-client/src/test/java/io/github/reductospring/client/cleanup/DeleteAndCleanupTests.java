package io.github.reductospring.client.cleanup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;

import io.github.reductospring.client.JobOperations;
import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.error.JobDeletedException;
import io.github.reductospring.client.error.JobNotDeletableException;
import io.github.reductospring.client.error.JobNotFoundException;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.retry.RetrySettings;
import io.github.reductospring.emulator.Fault;
import io.github.reductospring.emulator.JobScript;
import io.github.reductospring.emulator.ReductoEmulator;
import io.github.reductospring.emulator.ReductoEmulatorExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for deleting jobs and cleaning up old ones, over real HTTP against the emulator.
 */
class DeleteAndCleanupTests {

	@RegisterExtension
	static ReductoEmulatorExtension reducto = new ReductoEmulatorExtension();

	private static final Instant NOW = Instant.now();

	private ReactiveJobOperations operations;

	@AfterEach
	void close() {
		if (this.operations != null) {
			this.operations.tracker().close();
		}
		reducto.emulator().deletionTime(Duration.ofMillis(200));
	}

	private JobOperations jobs() {
		this.operations = ReactiveJobOperations.builder()
			.baseUrl(emulator().baseUrl())
			.apiKey(emulator().apiKey())
			.retry(RetrySettings.DEFAULTS.withDelays(Duration.ofMillis(10), Duration.ofMillis(20)))
			.build();
		return JobOperations.blocking(this.operations);
	}

	private static ReductoEmulator emulator() {
		return reducto.emulator();
	}

	private static String old(JobScript script, Duration age) {
		return emulator().seedJobCreatedAt("Parse", script, NOW.minus(age));
	}

	@Test
	void deletingAnEndedJobThenReadingItSaysItIsDeleted() {
		JobOperations jobs = jobs();
		emulator().deletionTime(Duration.ofMinutes(1));
		String id = emulator().seedJob("Parse", JobScript.completesImmediately());
		jobs.delete(id);
		assertThat(emulator().isDeleted(id)).isTrue();
		assertThat(emulator().requests()).filteredOn((request) -> request.method().equals("DELETE")).hasSize(1);
		assertThatExceptionOfType(JobDeletedException.class).isThrownBy(() -> jobs.get(id))
			.satisfies((ex) -> {
				assertThat(ex.isInProgress()).isTrue();
				assertThat(ex.getStatusCode()).isEqualTo(409);
			});
		emulator().deletionTime(Duration.ZERO);
		assertThatExceptionOfType(JobDeletedException.class).isThrownBy(() -> jobs.get(id))
			.satisfies((ex) -> assertThat(ex.isInProgress()).isFalse());
		// Neither answer is retried: a deleted job does not come back.
		assertThat(emulator().requestCount("GET", "/job/")).isEqualTo(3);
	}

	@Test
	void deletingTwiceIsHarmless() {
		JobOperations jobs = jobs();
		String id = emulator().seedJob("Parse", JobScript.completesImmediately());
		jobs.delete(id);
		jobs.delete(id);
		assertThat(emulator().isDeleted(id)).isTrue();
	}

	@Test
	void aRunningJobIsNotDeletedUnlessAskedToCancelItFirst() {
		JobOperations jobs = jobs();
		String id = emulator().seedJob("Parse", JobScript.runsForever(Duration.ZERO));
		assertThatExceptionOfType(JobNotDeletableException.class).isThrownBy(() -> jobs.delete(id))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(JobStatus.PENDING))
			.withMessageContaining("cancel it first");
		assertThat(emulator().isDeleted(id)).isFalse();
		jobs.delete(id, true);
		assertThat(emulator().listStatus(id)).contains("Cancelled");
		assertThat(emulator().isDeleted(id)).isTrue();
	}

	@Test
	void deletingAnUnknownJobIsJobNotFound() {
		JobOperations jobs = jobs();
		assertThatExceptionOfType(JobNotFoundException.class).isThrownBy(() -> jobs.delete("missing"));
	}

	@Test
	void cleanupDeletesOnlyEndedJobsOlderThanTheRetention() {
		JobOperations jobs = jobs();
		List<String> oldEnded = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			oldEnded.add(old(JobScript.completesImmediately(), Duration.ofDays(40)));
		}
		oldEnded.add(old(JobScript.failsAfter(Duration.ZERO, Duration.ZERO, "x"), Duration.ofDays(35)));
		String oldRunning = old(JobScript.runsForever(Duration.ZERO), Duration.ofDays(40));
		String recent = old(JobScript.completesImmediately(), Duration.ofDays(1));
		// Older than the retention by less than the clock-skew margin: kept, in case the server's clock is behind.
		String borderline = old(JobScript.completesImmediately(), Duration.ofDays(30).plusMinutes(2));
		CleanupReport report = jobs.cleanup(CleanupRequest.olderThan(Duration.ofDays(30)));
		assertThat(report.examined()).isEqualTo(9);
		assertThat(report.selected()).isEqualTo(6);
		assertThat(report.deleted()).isEqualTo(6);
		assertThat(report.failed()).isZero();
		assertThat(oldEnded).allSatisfy((id) -> assertThat(emulator().isDeleted(id)).isTrue());
		assertThat(List.of(oldRunning, recent, borderline))
			.allSatisfy((id) -> assertThat(emulator().isDeleted(id)).isFalse());
		assertThat(report.summary()).contains("9 jobs examined, 6 selected, 6 deleted, 0 failed");
		// Listing excluded configurations, in pages of 500.
		assertThat(emulator().requests().get(0).rawQuery()).isEqualTo("limit=500&exclude_configs=true");
	}

	@Test
	void dryRunReportsAndDeletesNothing() {
		JobOperations jobs = jobs();
		String id = old(JobScript.completesImmediately(), Duration.ofDays(40));
		CleanupReport report = jobs.cleanup(CleanupRequest.olderThan(Duration.ofDays(30)).withDryRun(true));
		assertThat(report.selected()).isEqualTo(1);
		assertThat(report.deleted()).isZero();
		assertThat(report.summary()).contains("dry run");
		assertThat(emulator().isDeleted(id)).isFalse();
		assertThat(emulator().requestCount("DELETE", "/job/")).isZero();
	}

	@Test
	void cleanupCanBeLimitedToSomeStatuses() {
		JobOperations jobs = jobs();
		String completed = old(JobScript.completesImmediately(), Duration.ofDays(40));
		String failed = old(JobScript.failsAfter(Duration.ZERO, Duration.ZERO, "x"), Duration.ofDays(40));
		jobs.cleanup(CleanupRequest.olderThan(Duration.ofDays(30)).withStatuses(Set.of(JobStatus.FAILED)));
		assertThat(emulator().isDeleted(failed)).isTrue();
		assertThat(emulator().isDeleted(completed)).isFalse();
	}

	@Test
	void failedDeletionsAreReportedWithTheirReasonAndTheRestGoesOn() {
		JobOperations jobs = jobs();
		for (int i = 0; i < 4; i++) {
			old(JobScript.completesImmediately(), Duration.ofDays(40));
		}
		emulator().injectFault(Fault.status(403).body("{\"detail\":\"not yours\"}").on("DELETE", "/job/"));
		CleanupReport report = jobs.cleanup(CleanupRequest.olderThan(Duration.ofDays(30)).withConcurrency(1));
		assertThat(report.deleted()).isEqualTo(3);
		assertThat(report.failed()).isEqualTo(1);
		assertThat(report.failures()).singleElement()
			.satisfies((failure) -> assertThat(failure.reason()).contains("403", "not yours"));
	}

	@Test
	void anInterruptedCleanupLosesNothingAndTheNextRunFinishes() {
		JobOperations jobs = jobs();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			ids.add(old(JobScript.completesImmediately(), Duration.ofDays(40)));
		}
		emulator().injectFault(Fault.delay(Duration.ofMillis(50)).on("DELETE", "/job/").times(20));
		Disposable running = this.operations.cleanup(CleanupRequest.olderThan(Duration.ofDays(30)).withConcurrency(1))
			.subscribe();
		await().atMost(Duration.ofSeconds(10)).until(() -> ids.stream().filter(emulator()::isDeleted).count() >= 3);
		running.dispose();
		long deletedBefore = ids.stream().filter(emulator()::isDeleted).count();
		assertThat(deletedBefore).isBetween(3L, 19L);
		CleanupReport next = jobs.cleanup(CleanupRequest.olderThan(Duration.ofDays(30)));
		assertThat(ids).allSatisfy((id) -> assertThat(emulator().isDeleted(id)).isTrue());
		// The deletion in flight at the interruption may still have been carried out by the server after the count.
		assertThat(next.deleted()).isBetween(20 - deletedBefore - 1, 20 - deletedBefore);
	}

	@Test
	void aHundredThousandJobsAreExaminedPageByPage() {
		JobOperations jobs = jobs();
		emulator().recordRequests(false);
		for (int i = 0; i < 100_000; i++) {
			emulator().seedJobCreatedAt("Parse", JobScript.completesImmediately(), NOW.minus(Duration.ofDays(1)));
		}
		CleanupReport report = jobs.cleanup(CleanupRequest.olderThan(Duration.ofDays(30)).withDryRun(true));
		assertThat(report.examined()).isEqualTo(100_000);
		assertThat(report.selected()).isZero();
		assertThat(emulator().routeCounts()).containsEntry("GET /jobs", 200L);
		emulator().recordRequests(true);
	}

	@Test
	void badRequestsAreRefusedBeforeAnyRequest() {
		assertThatIllegalArgumentException().isThrownBy(() -> CleanupRequest.olderThan(Duration.ZERO))
			.withMessageContaining("CleanupRequest.olderThan");
		assertThatIllegalArgumentException().isThrownBy(() -> CleanupRequest.olderThan(Duration.ofDays(-1)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CleanupRequest.olderThan(Duration.ofDays(1)).withStatuses(Set.of(JobStatus.PENDING)))
			.withMessageContaining("never deletes pending or running jobs");
	}

}
