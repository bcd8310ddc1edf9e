package io.github.reductospring.client.observation;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

import io.github.reductospring.client.JobOperations;
import io.github.reductospring.client.ListQuery;
import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.SubmitRequest;
import io.github.reductospring.client.error.JobNotFoundException;
import io.github.reductospring.client.error.ReductoRateLimitException;
import io.github.reductospring.client.error.ReductoTimeoutException;
import io.github.reductospring.client.http.RequestOptions;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.retry.RetrySettings;
import io.github.reductospring.client.tracking.TrackingSettings;
import io.github.reductospring.emulator.Fault;
import io.github.reductospring.emulator.JobScript;
import io.github.reductospring.emulator.ReductoEmulatorExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ObservationCallObserver} and {@link ReductoJobMetrics}, over real HTTP against the emulator.
 */
class ObservationCallObserverTests {

	/** How long a test waits for a call at most. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	static ReductoEmulatorExtension reducto = new ReductoEmulatorExtension();

	private final TestObservationRegistry observations = TestObservationRegistry.create();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private ReactiveJobOperations operations;

	@AfterEach
	void close() {
		if (this.operations != null) {
			this.operations.tracker().close();
		}
	}

	private JobOperations jobs() {
		this.operations = ReactiveJobOperations.builder()
			.baseUrl(reducto.emulator().baseUrl())
			.apiKey(reducto.emulator().apiKey())
			.retry(RetrySettings.DEFAULTS.withDelays(Duration.ofMillis(10), Duration.ofMillis(20)))
			.tracking(TrackingSettings.DEFAULTS.withBulk(8, Duration.ofMillis(100)))
			.observer(new ObservationCallObserver(this.observations, null, this.meters))
			.build();
		return JobOperations.blocking(this.operations);
	}

	@Test
	void successfulCallIsObservedWithTemplatedUriAndJobIdAsHighCardinality() {
		String id = reducto.emulator().seedJob("Parse", JobScript.completesImmediately());
		jobs().get(id);
		TestObservationRegistryAssert.assertThat(this.observations)
			.hasObservationWithNameEqualTo("reducto.client.requests")
			.that()
			.hasContextualNameEqualTo("reducto get_job")
			.hasLowCardinalityKeyValue("operation", "get_job")
			.hasLowCardinalityKeyValue("method", "GET")
			.hasLowCardinalityKeyValue("uri", "/job/{jobId}")
			.hasLowCardinalityKeyValue("status", "200")
			.hasLowCardinalityKeyValue("outcome", "SUCCESS")
			.hasLowCardinalityKeyValue("exception", "none")
			.hasHighCardinalityKeyValue("reducto.job.id", id)
			.hasHighCardinalityKeyValue("reducto.retries", "0")
			.doesNotHaveLowCardinalityKeyValueWithKey("reducto.job.id")
			.hasBeenStarted()
			.hasBeenStopped();
	}

	@Test
	void failedCallRecordsStatusOutcomeAndException() {
		JobOperations jobs = jobs();
		assertThatExceptionOfType(JobNotFoundException.class).isThrownBy(() -> jobs.get("missing"));
		TestObservationRegistryAssert.assertThat(this.observations)
			.hasObservationWithNameEqualTo("reducto.client.requests")
			.that()
			.hasLowCardinalityKeyValue("status", "404")
			.hasLowCardinalityKeyValue("outcome", "CLIENT_ERROR")
			.hasLowCardinalityKeyValue("exception", "JobNotFoundException")
			.hasError();
	}

	@Test
	void aCallPastItsDeadlineIsTaggedAsSuchAndItsErrorNamesTheOptionThatSetIt() {
		String id = reducto.emulator().seedJob("Parse", JobScript.completesImmediately());
		JobOperations jobs = jobs();
		reducto.emulator().injectFault(Fault.delay(Duration.ofSeconds(3)).on("GET", "/job/"));
		assertThatExceptionOfType(ReductoTimeoutException.class)
			.isThrownBy(() -> jobs.withOptions(RequestOptions.none().withTimeout(Duration.ofMillis(200))).get(id))
			.withMessageContaining("RequestOptions.timeout")
			.withMessageNotContaining("callTimeout");
		TestObservationRegistryAssert.assertThat(this.observations)
			.hasObservationWithNameEqualTo("reducto.client.requests")
			.that()
			.hasLowCardinalityKeyValue("outcome", "DEADLINE")
			.hasLowCardinalityKeyValue("exception", "ReductoTimeoutException");
	}

	@Test
	void retriesAreCountedByCauseAndRecordedOnTheCall() {
		reducto.emulator().injectFault(Fault.status(503).on("GET", "/jobs"));
		reducto.emulator().injectFault(Fault.truncatedBody().on("GET", "/jobs"));
		jobs().list(ListQuery.firstPage());
		TestObservationRegistryAssert.assertThat(this.observations)
			.hasObservationWithNameEqualTo("reducto.client.requests")
			.that()
			.hasLowCardinalityKeyValue("operation", "list_jobs")
			.hasLowCardinalityKeyValue("uri", "/jobs")
			.hasLowCardinalityKeyValue("status", "200")
			.hasLowCardinalityKeyValue("outcome", "SUCCESS")
			.hasHighCardinalityKeyValue("reducto.retries", "2");
		assertThat(this.meters.get("reducto.client.retries").tags("operation", "list_jobs", "cause", "503").counter()
			.count()).isEqualTo(1);
		assertThat(this.meters.get("reducto.client.retries").tags("operation", "list_jobs", "cause", "response")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void rateLimitedCallThatRunsOutOfRetriesIsObservedAs429() {
		reducto.emulator().injectFault(Fault.rateLimited("0.01").on("POST", "/parse_async").times(3));
		JobOperations jobs = jobs();
		assertThatExceptionOfType(ReductoRateLimitException.class)
			.isThrownBy(() -> jobs.submit(SubmitRequest.parse("https://x.com/a.pdf").build()));
		TestObservationRegistryAssert.assertThat(this.observations)
			.hasObservationWithNameEqualTo("reducto.client.requests")
			.that()
			.hasLowCardinalityKeyValue("operation", "submit_parse")
			.hasLowCardinalityKeyValue("uri", "/parse_async")
			.hasLowCardinalityKeyValue("status", "429")
			.hasLowCardinalityKeyValue("outcome", "CLIENT_ERROR")
			.hasLowCardinalityKeyValue("exception", "ReductoRateLimitException")
			.hasHighCardinalityKeyValue("reducto.retries", "2");
		assertThat(this.meters.get("reducto.client.retries").tags("operation", "submit_parse", "cause", "429")
			.counter()
			.count()).isEqualTo(2);
	}

	@Test
	void jobMetricsCountEndsAndTimeDurationsByTypeAndStatus() {
		JobOperations jobs = jobs();
		ReductoJobMetrics metrics = new ReductoJobMetrics(this.operations.tracker());
		metrics.bindTo(this.meters);
		reducto.emulator().scriptNextJobs(JobScript.completesAfter(Duration.ZERO, Duration.ofMillis(100)),
				JobScript.completesAfter(Duration.ZERO, Duration.ofMillis(100)),
				JobScript.failsAfter(Duration.ZERO, Duration.ofMillis(100), "corrupt"));
		List<Job> ended = Flux.range(0, 3)
			.flatMap((i) -> this.operations
				.submitAndAwait(SubmitRequest.parse("https://x.com/" + i + ".pdf").build(), Duration.ofSeconds(10)))
			.collectList()
			.block(TIMEOUT);
		assertThat(ended).hasSize(3);
		metrics.close();
		assertThat(this.meters.get("reducto.jobs.ended").tags("type", "parse", "status", "completed").counter().count())
			.isEqualTo(2);
		assertThat(this.meters.get("reducto.jobs.ended").tags("type", "parse", "status", "failed").counter().count())
			.isEqualTo(1);
		assertThat(this.meters.get("reducto.jobs.duration").tags("type", "parse", "status", "completed").timer().count())
			.isEqualTo(2);
		assertThat(this.meters.get("reducto.jobs.tracked").tags("status", "pending").gauge().value()).isZero();
		assertThat(this.meters.find("reducto.jobs.tracked").tags("status", "completed").gauge()).isNull();
		assertThat(this.meters.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTags())
			.noneMatch((tag) -> tag.getKey().contains("job")));
	}

	@Test
	void withoutAnObserverNothingIsRecorded() {
		String id = reducto.emulator().seedJob("Parse", JobScript.completesImmediately());
		this.operations = ReactiveJobOperations.builder()
			.baseUrl(reducto.emulator().baseUrl())
			.apiKey(reducto.emulator().apiKey())
			.build();
		JobOperations.blocking(this.operations).get(id);
		TestObservationRegistryAssert.assertThat(this.observations).doesNotHaveAnyObservation();
	}

}
