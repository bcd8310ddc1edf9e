package io.github.reductospring.tracking.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobError;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.model.JobType;
import io.github.reductospring.client.tracking.TrackedJobRegistry.StatusChange;
import io.github.reductospring.client.tracking.TrackedJobRegistry.TrackedJob;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JdbcTrackedJobRegistry} on a real PostgreSQL and on H2, each with its shipped schema.
 */
class JdbcTrackedJobRegistryTests {

	private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

	static Stream<Arguments> databases() {
		return Stream.of(Arguments.of("postgresql", Databases.postgres()), Arguments.of("h2", Databases.h2()));
	}

	private final List<JdbcTrackedJobRegistry> registries = new ArrayList<>();

	/** Each registry that held the lease keeps a connection of the pool for it until it gives the lease up. */
	@AfterEach
	void releaseLeases() {
		this.registries.forEach(JdbcTrackedJobRegistry::releasePollerLease);
	}

	private JdbcTrackedJobRegistry registry(DataSource dataSource, String application, String instance) {
		JdbcTrackedJobRegistry registry = new JdbcTrackedJobRegistry(dataSource,
				JdbcTrackingSettings.of(application).withInstanceId(instance));
		this.registries.add(registry);
		return registry;
	}

	private static Job job(String id, JobStatus status) {
		return new Job(id, status, status.name(), JobType.PARSE, null,
				status.isTerminal() ? JsonMapper.shared().readTree("{\"chunks\":[{\"content\":\"hello\"}]}") : null,
				(status == JobStatus.FAILED) ? new JobError("PDF is encrypted", null, null, null) : null, T0,
				status.isTerminal() ? T0.plusSeconds(5) : null, Duration.ofSeconds(5), 3, 3, null);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void aJobIsRegisteredOnceWhoeverRegistersIt(String engine, DataSource dataSource) {
		String application = Databases.uniqueApplication();
		JdbcTrackedJobRegistry first = registry(dataSource, application, "a");
		JdbcTrackedJobRegistry second = registry(dataSource, application, "b");
		first.registerSubmitted("j1", T0, T0.plus(Duration.ofHours(1)));
		TrackedJob seen = second.register("j1", T0.plusSeconds(60));
		assertThat(seen).isEqualTo(new TrackedJob("j1", null, T0, null));
		assertThat(first.register("j1", T0.plusSeconds(90))).isEqualTo(seen);
		assertThat(second.find("missing")).isNull();
		assertThat(new JdbcTemplate(dataSource).queryForObject(
				"SELECT owner FROM reducto_tracked_job WHERE application_id = ? AND job_id = 'j1'", String.class,
				application))
			.isEqualTo("a");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void eachChangeIsRecordedOnceAndAnEndKeepsTheJobWithoutItsResult(String engine, DataSource dataSource) {
		String application = Databases.uniqueApplication();
		JdbcTrackedJobRegistry first = registry(dataSource, application, "a");
		JdbcTrackedJobRegistry second = registry(dataSource, application, "b");
		first.register("j1", T0);
		assertThat(first.recordStatus("j1", null, job("j1", JobStatus.PROCESSING))).isTrue();
		assertThat(second.recordStatus("j1", null, job("j1", JobStatus.PROCESSING))).isFalse();
		assertThat(second.recordStatus("j1", JobStatus.PROCESSING, job("j1", JobStatus.FAILED))).isTrue();
		assertThat(first.recordStatus("j1", JobStatus.PROCESSING, job("j1", JobStatus.COMPLETED))).isFalse();
		// Ended: nothing moves it any more.
		assertThat(first.recordStatus("j1", JobStatus.FAILED, job("j1", JobStatus.COMPLETED))).isFalse();
		TrackedJob ended = first.find("j1");
		assertThat(ended.status()).isEqualTo(JobStatus.FAILED);
		assertThat(ended.hasEnded()).isTrue();
		// What a waiter elsewhere needs to finish, not the document: its result is read from Reducto where wanted.
		assertThat(ended.ended()).usingRecursiveComparison().ignoringFields("result")
			.isEqualTo(job("j1", JobStatus.FAILED));
		assertThat(ended.ended().result()).isNull();
		assertThat(ended.ended().error().description()).isEqualTo("PDF is encrypted");
		assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT ended_job FROM reducto_tracked_job WHERE "
				+ "application_id = ? AND job_id = 'j1'", String.class, application)).doesNotContain("hello");
		assertThat(first.recordStatus("unknown", null, job("unknown", JobStatus.PENDING))).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void changesRecordedTogetherAreEachACompareAndSet(String engine, DataSource dataSource) {
		String application = Databases.uniqueApplication();
		JdbcTrackedJobRegistry registry = registry(dataSource, application, "a");
		List.of("j1", "j2", "j3", "j4").forEach((id) -> registry.register(id, T0));
		registry.recordStatus("j3", null, job("j3", JobStatus.PROCESSING));
		boolean[] recorded = registry.recordStatuses(List.of(
				new StatusChange("j1", null, job("j1", JobStatus.PROCESSING)),
				new StatusChange("j2", null, job("j2", JobStatus.COMPLETED)),
				new StatusChange("j3", null, job("j3", JobStatus.COMPLETED)),
				new StatusChange("j4", JobStatus.PENDING, job("j4", JobStatus.FAILED)),
				new StatusChange("unknown", null, job("unknown", JobStatus.COMPLETED))));
		// j3 was PROCESSING already, j4 never PENDING: only the first two were still as expected.
		assertThat(recorded).containsExactly(true, true, false, false, false);
		assertThat(registry.findAll(List.of("j1", "j2", "j3", "j4"))).satisfies((found) -> {
			assertThat(found.get("j1").status()).isEqualTo(JobStatus.PROCESSING);
			assertThat(found.get("j2").ended().status()).isEqualTo(JobStatus.COMPLETED);
			assertThat(found.get("j3").status()).isEqualTo(JobStatus.PROCESSING);
			assertThat(found.get("j4").status()).isNull();
		});
		ageEnds(dataSource, application);
		assertThat(registry.unpublishedEnds()).extracting(Job::jobId).containsExactly("j2");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void anEndStaysUnpublishedUntilMarked(String engine, DataSource dataSource) {
		String application = Databases.uniqueApplication();
		JdbcTrackedJobRegistry registry = registry(dataSource, application, "a");
		registry.register("j1", T0);
		registry.register("j2", T0);
		registry.recordStatus("j1", null, job("j1", JobStatus.COMPLETED));
		registry.recordStatus("j2", null, job("j2", JobStatus.PROCESSING));
		assertThat(registry.unpublishedEnds()).as("its listeners are still running, for a while").isEmpty();
		ageEnds(dataSource, application);
		assertThat(registry.unpublishedEnds()).extracting(Job::jobId).containsExactly("j1");
		registry.markPublished(List.of("j1"));
		assertThat(registry.unpublishedEnds()).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void theEndsRecordedLatelyAreReadWithoutNamingTheJobs(String engine, DataSource dataSource) {
		String application = Databases.uniqueApplication();
		JdbcTrackedJobRegistry registry = registry(dataSource, application, "a");
		List.of("old", "recent", "running").forEach((id) -> registry.register(id, T0));
		registry.recordStatus("old", null, job("old", JobStatus.COMPLETED));
		ageEnds(dataSource, application);
		registry.recordStatus("recent", null, job("recent", JobStatus.FAILED));
		registry.recordStatus("running", null, job("running", JobStatus.PROCESSING));
		registry(dataSource, Databases.uniqueApplication(), "b").register("theirs", T0);
		assertThat(registry.endedWithin(Duration.ofSeconds(30))).singleElement().satisfies((row) -> {
			assertThat(row.jobId()).isEqualTo("recent");
			assertThat(row.ended().status()).isEqualTo(JobStatus.FAILED);
		});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void oneInstanceHoldsTheLeaseUntilItIsReleasedOrExpires(String engine, DataSource dataSource) {
		String application = Databases.uniqueApplication();
		JdbcTrackedJobRegistry first = registry(dataSource, application, "a");
		JdbcTrackedJobRegistry second = registry(dataSource, application, "b");
		JdbcTrackedJobRegistry elsewhere = registry(dataSource, Databases.uniqueApplication(), "c");
		assertThat(first.holdPollerLease()).isTrue();
		assertThat(second.holdPollerLease()).isFalse();
		assertThat(first.holdPollerLease()).as("renewed").isTrue();
		assertThat(elsewhere.holdPollerLease()).as("another application's lease").isTrue();
		assertThat(second.pollerLeaseHolder()).isEqualTo("a");
		first.releasePollerLease();
		assertThat(second.holdPollerLease()).isTrue();
		assertThat(first.holdPollerLease()).isFalse();
		// The holder stops renewing (it died): once the lease has expired, on the database's clock, another takes it.
		expireLease(dataSource, application);
		assertThat(second.pollerLeaseHolder()).isNull();
		assertThat(first.holdPollerLease()).isTrue();
		assertThat(second.holdPollerLease()).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void thePollerFollowsUnfinishedJobsOnlyUntilTheirDeadlineOrGivingUp(String engine, DataSource dataSource) {
		String application = Databases.uniqueApplication();
		JdbcTrackedJobRegistry registry = registry(dataSource, application, "a");
		Instant now = Instant.now();
		registry.registerSubmitted("running", now, now.plus(Duration.ofHours(1)));
		registry.registerSubmitted("ended", now, now.plus(Duration.ofHours(1)));
		registry.registerSubmitted("late", now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));
		registry.registerSubmitted("given-up", now, now.plus(Duration.ofHours(1)));
		registry.recordStatus("ended", null, job("ended", JobStatus.COMPLETED));
		registry.remove("given-up");
		registry(dataSource, Databases.uniqueApplication(), "b").registerSubmitted("theirs", now, now.plusSeconds(60));
		assertThat(registry.unfinished()).extracting(TrackedJob::jobId).containsExactly("running");
		assertThat(registry.find("given-up")).as("kept for the retention").isNotNull();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void jobsNudgedByOtherInstancesAreGivenOnceToTheLeaseHolder(String engine, DataSource dataSource) {
		String application = Databases.uniqueApplication();
		JdbcTrackedJobRegistry poller = registry(dataSource, application, "a");
		JdbcTrackedJobRegistry other = registry(dataSource, application, "b");
		assertThat(poller.holdPollerLease()).isTrue();
		Instant now = Instant.now();
		other.registerSubmitted("j1", now, now.plusSeconds(60));
		other.registerSubmitted("j2", now, now.plusSeconds(60));
		other.nudge("j1");
		assertThat(poller.takeNudged()).as("the instance the webhook reached claims it, for a while").isEmpty();
		ageHandOvers(dataSource, application);
		assertThat(other.takeNudged()).as("not the lease holder").isEmpty();
		assertThat(poller.takeNudged()).containsExactly("j1");
		assertThat(poller.takeNudged()).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void aHandOverTakenByAPollerThatDiedIsGivenToTheNextPollerWhenItTakesTheLease(String engine,
			DataSource dataSource) {
		String application = Databases.uniqueApplication();
		JdbcTrackedJobRegistry dying = registry(dataSource, application, "a");
		JdbcTrackedJobRegistry next = registry(dataSource, application, "b");
		Instant now = Instant.now();
		next.registerSubmitted("j1", now, now.plusSeconds(60));
		next.registerSubmitted("j2", now, now.plusSeconds(60));
		assertThat(dying.holdPollerLease()).isTrue();
		next.nudge("j1");
		next.nudge("j2");
		ageHandOvers(dataSource, application);
		// The poller takes the hand-overs, reads j2 and records its end, and dies before it reads j1.
		assertThat(dying.takeNudged()).containsExactlyInAnyOrder("j1", "j2");
		assertThat(dying.recordStatus("j2", null, job("j2", JobStatus.COMPLETED))).isTrue();
		expireLease(dataSource, application);
		assertThat(next.holdPollerLease()).isTrue();
		assertThat(next.takeNudged()).as("given again to the new lease holder, but not the job that ended")
			.containsExactly("j1");
		assertThat(next.takeNudged()).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void aPollerThatLostItsLeaseClaimsNothingHoweverLongItSlept(String engine, DataSource dataSource) {
		String application = Databases.uniqueApplication();
		JdbcTrackedJobRegistry sleeper = registry(dataSource, application, "a");
		JdbcTrackedJobRegistry next = registry(dataSource, application, "b");
		Instant now = Instant.now();
		sleeper.registerSubmitted("j1", now, now.plusSeconds(60));
		sleeper.registerSubmitted("j2", now, now.plusSeconds(60));
		assertThat(sleeper.holdPollerLease()).isTrue();
		assertThat(sleeper.recordStatus("j1", null, job("j1", JobStatus.PROCESSING))).isTrue();
		// It sleeps past its lease, and another instance takes the lease over.
		expireLease(dataSource, application);
		assertThat(next.holdPollerLease()).isTrue();
		// Waking up, it still believes it polls: what it read before sleeping changes nothing.
		assertThat(sleeper.recordStatus("j1", JobStatus.PROCESSING, job("j1", JobStatus.COMPLETED))).isFalse();
		assertThat(sleeper.recordStatuses(List.of(new StatusChange("j2", null, job("j2", JobStatus.FAILED)))))
			.containsExactly(false);
		assertThat(sleeper.takeNudged()).isEmpty();
		assertThat(next.find("j1").status()).isEqualTo(JobStatus.PROCESSING);
		assertThat(next.find("j2").status()).isNull();
		ageEnds(dataSource, application);
		assertThat(next.unpublishedEnds()).isEmpty();
		// Once it knows it lost the lease, it claims as any instance does: compare-and-sets only.
		assertThat(sleeper.holdPollerLease()).isFalse();
		assertThat(sleeper.recordStatus("j2", null, job("j2", JobStatus.PROCESSING))).isTrue();
		assertThat(next.recordStatus("j2", null, job("j2", JobStatus.PROCESSING))).isFalse();
		// The new poller's claims go through.
		assertThat(next.recordStatus("j1", JobStatus.PROCESSING, job("j1", JobStatus.COMPLETED))).isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void manyJobsAreReadInOneGoAndApplicationsDoNotSeeEachOthersJobs(String engine, DataSource dataSource) {
		String application = Databases.uniqueApplication();
		JdbcTrackedJobRegistry registry = registry(dataSource, application, "a");
		List<String> ids = java.util.stream.IntStream.range(0, 1_200).mapToObj((i) -> "j" + i).toList();
		ids.forEach((id) -> registry.registerSubmitted(id, T0, Instant.now().plusSeconds(60)));
		registry.recordStatus("j7", null, job("j7", JobStatus.COMPLETED));
		Map<String, TrackedJob> found = registry.findAll(ids);
		assertThat(found).hasSize(1_200);
		assertThat(found.get("j7").ended()).isNotNull();
		assertThat(registry(dataSource, Databases.uniqueApplication(), "a").findAll(ids)).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void rowsOlderThanTheRetentionArePurged(String engine, DataSource dataSource) {
		String application = Databases.uniqueApplication();
		JdbcTrackedJobRegistry registry = new JdbcTrackedJobRegistry(dataSource,
				JdbcTrackingSettings.of(application).withRetention(Duration.ofDays(7)));
		Instant now = Instant.now();
		registry.registerSubmitted("old", now, now.plusSeconds(60));
		registry.registerSubmitted("recent", now, now.plusSeconds(60));
		registry.registerSubmitted("expired", now.minus(Duration.ofDays(9)), now.minus(Duration.ofDays(8)));
		registry.registerSubmitted("running", now, now.plusSeconds(60));
		registry.recordStatus("old", null, job("old", JobStatus.COMPLETED));
		registry.recordStatus("recent", null, job("recent", JobStatus.COMPLETED));
		new JdbcTemplate(dataSource).update(
				"UPDATE reducto_tracked_job SET ended_at = ? WHERE application_id = ? AND job_id = 'old'",
				now.minus(Duration.ofDays(8)).atOffset(java.time.ZoneOffset.UTC), application);
		assertThat(registry.purge()).isEqualTo(2);
		assertThat(registry.findAll(List.of("old", "recent", "expired", "running"))).containsOnlyKeys("recent",
				"running");
	}

	/** The holder stops renewing: its lease expires, on the database's clock, without waiting for it. */
	private static void expireLease(DataSource dataSource, String application) {
		aMinuteAgo(dataSource, application, "reducto_poller_lease", "expires_at", "TRUE");
	}

	/** The ends were recorded longer ago than the grace the recording instance's listeners have to return. */
	private static void ageEnds(DataSource dataSource, String application) {
		aMinuteAgo(dataSource, application, "reducto_tracked_job", "ended_at", "ended_at IS NOT NULL");
	}

	/** The hand-overs were made longer ago than the grace the instance that received them has to claim them. */
	private static void ageHandOvers(DataSource dataSource, String application) {
		aMinuteAgo(dataSource, application, "reducto_tracked_job", "updated_at", "nudged");
	}

	/** Sets a time of this application's rows to a minute ago: what waiting a minute would do, without waiting. */
	private static void aMinuteAgo(DataSource dataSource, String application, String table, String column,
			String where) {
		new JdbcTemplate(dataSource).update("UPDATE " + table + " SET " + column + " = ? WHERE application_id = ? AND "
				+ where, Instant.now().minusSeconds(60).atOffset(java.time.ZoneOffset.UTC), application);
	}

}
