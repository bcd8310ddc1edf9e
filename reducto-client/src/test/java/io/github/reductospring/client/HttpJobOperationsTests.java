package io.github.reductospring.client;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import io.github.reductospring.client.error.JobNotCancellableException;
import io.github.reductospring.client.http.RequestOptions;
import io.github.reductospring.client.model.PipelineResult;
import io.github.reductospring.client.error.JobNotFoundException;
import io.github.reductospring.client.error.JobTimeoutException;
import io.github.reductospring.client.error.JobTrackingStoppedException;
import io.github.reductospring.client.error.ReductoApiException;
import io.github.reductospring.client.error.ReductoAuthenticationException;
import io.github.reductospring.client.error.ReductoConnectionException;
import io.github.reductospring.client.error.ReductoException;
import io.github.reductospring.client.error.ReductoInterruptedException;
import io.github.reductospring.client.error.ReductoRateLimitException;
import io.github.reductospring.client.error.ReductoResponseException;
import io.github.reductospring.client.error.ReductoServerException;
import io.github.reductospring.client.error.ReductoTimeoutException;
import io.github.reductospring.client.error.ReductoValidationException;
import io.github.reductospring.client.http.ReductoCallObserver;
import io.github.reductospring.client.http.ReductoHttpPipeline;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobPage;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.model.JobType;
import io.github.reductospring.client.model.ParseResult;
import io.github.reductospring.client.retry.RetrySettings;
import io.github.reductospring.client.tracking.JobTracker;
import io.github.reductospring.client.tracking.PollingSettings;
import io.github.reductospring.emulator.Fault;
import io.github.reductospring.emulator.JobScript;
import io.github.reductospring.emulator.RecordedRequest;
import io.github.reductospring.emulator.ReductoEmulator;
import io.github.reductospring.emulator.ReductoEmulatorExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for the HTTP operations, over real HTTP against {@link ReductoEmulator}, through the client's own WebClient
 * over Reactor Netty; {@link HttpJobOperationsOverWebClientTests} runs them all again from a WebClient builder handed
 * in, {@link HttpJobOperationsOverConnectorTests} over the JDK's connector.
 */
class HttpJobOperationsTests {

	/** How long a test waits for a call at most. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	static ReductoEmulatorExtension reducto = new ReductoEmulatorExtension();

	/** Quick retries without jitter, so that retry tests finish fast. */
	private static final RetrySettings FAST_RETRY = RetrySettings.DEFAULTS.withDelays(Duration.ofMillis(20),
			Duration.ofMillis(100));

	/** Closed after each test: a tracker left polling would take the next test's injected faults. */
	private final List<ReactiveJobOperations> built = new ArrayList<>();

	/** Where every client of these tests starts: by default a new WebClient over Reactor Netty. */
	ReductoClientBuilder newBuilder() {
		return ReactiveJobOperations.builder();
	}

	private ReactiveJobOperations operations() {
		return operations(FAST_RETRY);
	}

	private ReactiveJobOperations operations(RetrySettings retry) {
		ReactiveJobOperations operations = newBuilder()
			.baseUrl(emulator().baseUrl())
			.apiKey(emulator().apiKey())
			.retry(retry)
			.polling(new PollingSettings(Duration.ofMillis(20), 2.0, Duration.ofMillis(100), Duration.ZERO))
			.build();
		this.built.add(operations);
		return operations;
	}

	@AfterEach
	void closeOperations() {
		this.built.forEach(ReactiveJobOperations::close);
	}

	private JobOperations blocking() {
		return JobOperations.blocking(operations());
	}

	private static ReductoEmulator emulator() {
		return reducto.emulator();
	}

	@Test
	void theHttpClientIsBuiltOnTheFirstCallAndOnlyOnce() {
		String id = emulator().seedJob("Parse", JobScript.completesImmediately());
		AtomicInteger builders = new AtomicInteger();
		ReductoClientBuilder builder = newBuilder()
			.baseUrl(emulator().baseUrl())
			.apiKey(emulator().apiKey())
			.webClientBuilder(() -> {
				builders.incrementAndGet();
				return org.springframework.web.reactive.function.client.WebClient.builder();
			});
		ReductoHttpPipeline pipeline = builder.buildPipeline();
		ReactiveJobOperations operations = builder.build(pipeline, builder.buildTracker(pipeline));
		this.built.add(operations);
		assertThat(builders).hasValue(0);
		assertThat(pipeline.isConnected()).isFalse();
		assertThat(operations.get(id).block(TIMEOUT).status()).isEqualTo(JobStatus.COMPLETED);
		assertThat(operations.get(id).block(TIMEOUT).status()).isEqualTo(JobStatus.COMPLETED);
		assertThat(builders).hasValue(1);
		assertThat(pipeline.isConnected()).isTrue();
		pipeline.close();
	}

	@Test
	void awaitAllGivesEveryJobInOrderThoseStillRunningAsLastSeen() {
		String done = emulator().seedJob("Parse", JobScript.completesImmediately());
		String running = emulator().seedJob("Parse", JobScript.staysPending());
		ReactiveJobOperations operations = operations();
		StepVerifier.create(operations.withOptions(RequestOptions.none().withMaxRetries(0))
			.awaitAll(List.of(running, done), Duration.ofSeconds(1)))
			.assertNext((jobs) -> assertThat(jobs).extracting(Job::status)
				.containsExactly(JobStatus.PENDING, JobStatus.COMPLETED))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void getMapsTheWireJob() {
		String id = emulator().seedJob("Parse", JobScript.completesImmediately().withPages(3));
		Job job = blocking().get(id);
		assertThat(job.jobId()).isEqualTo(id);
		assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
		assertThat(job.rawStatus()).isEqualTo("Completed");
		assertThat(job.type()).isEqualTo(JobType.PARSE);
		assertThat(job.totalPages()).isEqualTo(3);
		assertThat(job.createdAt()).isNotNull();
		assertThat(job.completedAt()).isEqualTo(job.createdAt().plus(job.duration()));
		assertThat(job.result()).isNotNull();
		assertThat(job.rawConfig()).contains("seeded.pdf");
		assertThat(job.toString()).doesNotContain("seeded.pdf").contains(id);
	}

	@Test
	void readsAndCancelsAreSentWithoutABody() {
		// A GET or a cancel framed as chunked or with a body can be refused by a strict proxy or load balancer.
		String id = emulator().seedJob("Parse", JobScript.staysPending());
		blocking().get(id);
		blocking().cancel(id);
		assertThat(emulator().requests()).extracting(RecordedRequest::method).contains("GET", "POST");
		assertThat(emulator().requests()).allSatisfy((request) -> {
			assertThat(request.header("Transfer-Encoding")).isNull();
			assertThat(request.header("Content-Length")).isIn(null, "0");
			assertThat(request.body()).isEmpty();
		});
	}

	@Test
	void failedJobCarriesItsReasonAndStructuredError() {
		String id = emulator().seedJob("Parse", JobScript.failsAfter(Duration.ZERO, Duration.ZERO, "PDF is encrypted"));
		Job job = blocking().get(id);
		assertThat(job.status()).isEqualTo(JobStatus.FAILED);
		assertThat(job.error().reason()).isEqualTo("PDF is encrypted");
		assertThat(job.error().name()).isEqualTo("DOCUMENT_CORRUPT");
		assertThat(job.completedAt()).isNotNull();
	}

	@Test
	void sendsTheKeyAndAUserAgentNamingThisLibrary() {
		String id = emulator().seedJob("Parse", JobScript.completesImmediately());
		blocking().get(id);
		RecordedRequest request = emulator().requests().get(0);
		assertThat(request.header("Authorization")).isEqualTo("Bearer " + emulator().apiKey());
		assertThat(request.header("User-Agent")).startsWith("reducto-spring-boot/0.1.0");
		assertThat(request.header("Accept")).isEqualTo("application/json");
	}

	@Test
	void unknownJobIsJobNotFoundWithTheRequestId() {
		assertThatExceptionOfType(JobNotFoundException.class).isThrownBy(() -> blocking().get("no-such-job"))
			.satisfies((ex) -> {
				assertThat(ex.getJobId()).isEqualTo("no-such-job");
				assertThat(ex.getStatusCode()).isEqualTo(404);
				assertThat(ex.getRequestId()).startsWith("req_");
				assertThat(ex.getMessage()).contains("GET /job/{jobId}", "404", ex.getRequestId());
			});
		assertThat(emulator().requestCount("GET", "/job/")).isEqualTo(1);
	}

	@Test
	void jobIdAlwaysTravelsAsOneEncodedPathSegment() {
		for (String hostile : List.of("../jobs", "a/b", "x?limit=1", "100%", "a#b")) {
			assertThatExceptionOfType(JobNotFoundException.class).isThrownBy(() -> blocking().get(hostile));
		}
		assertThat(emulator().requests()).extracting(RecordedRequest::rawPath)
			.containsExactly("/job/..%2Fjobs", "/job/a%2Fb", "/job/x%3Flimit%3D1", "/job/100%25", "/job/a%23b");
		assertThat(emulator().requests()).allSatisfy((request) -> assertThat(request.rawQuery()).isNull());
	}

	@Test
	void blankOrDotIdsAreRefusedBeforeAnyRequest() {
		for (String bad : new String[] { "", "  ", ".", "..", "a\nb" }) {
			assertThatIllegalArgumentException().isThrownBy(() -> blocking().get(bad));
			assertThatIllegalArgumentException().isThrownBy(() -> blocking().cancel(bad));
		}
		assertThatIllegalArgumentException().isThrownBy(() -> blocking().get(null));
		assertThat(emulator().requests()).isEmpty();
	}

	@Test
	void limitOutOfRangeIsRefusedBeforeAnyRequest() {
		assertThatIllegalArgumentException().isThrownBy(() -> ListQuery.firstPage().withLimit(501))
			.withMessageContaining("between 1 and 500")
			.withMessageContaining("501");
		assertThatIllegalArgumentException().isThrownBy(() -> ListQuery.firstPage().withLimit(0));
		assertThat(emulator().requests()).isEmpty();
	}

	@Test
	void listReturnsOnePageWithItsCursor() {
		emulator().seedJobs(3, "Extract", JobScript.completesImmediately());
		JobPage page = blocking().list(ListQuery.firstPage().withLimit(2).withExcludeConfigs(true));
		assertThat(page.jobs()).hasSize(2);
		assertThat(page.hasNext()).isTrue();
		assertThat(page.jobs()).allSatisfy((job) -> {
			assertThat(job.type()).isEqualTo(JobType.EXTRACT);
			assertThat(job.rawConfig()).isNull();
		});
		assertThat(emulator().requests().get(0).rawQuery()).isEqualTo("limit=2&exclude_configs=true");
	}

	@Test
	void listAllWalksEveryPageNewestFirst() {
		List<String> ids = emulator().seedJobs(250, "Parse", JobScript.completesImmediately());
		List<String> seen = blocking().listAll(ListQuery.firstPage()).map(Job::jobId).toList();
		assertThat(seen).hasSize(250);
		assertThat(seen.get(0)).isEqualTo(ids.get(249));
		assertThat(seen.get(249)).isEqualTo(ids.get(0));
		assertThat(emulator().requestCount("GET", "/jobs")).isEqualTo(3);
	}

	@Test
	void listAllFetchesTheNextPageOnlyWhenAskedForMore() {
		emulator().seedJobs(250, "Parse", JobScript.completesImmediately());
		StepVerifier.create(operations().listAll(ListQuery.firstPage()), 0)
			.thenRequest(1)
			.expectNextCount(1)
			.then(() -> assertThat(emulator().requestCount("GET", "/jobs")).isEqualTo(1))
			.thenRequest(99)
			.expectNextCount(99)
			.then(() -> assertThat(emulator().requestCount("GET", "/jobs")).isEqualTo(1))
			.thenRequest(1)
			.expectNextCount(1)
			.then(() -> assertThat(emulator().requestCount("GET", "/jobs")).isEqualTo(2))
			.thenCancel()
			.verify(Duration.ofSeconds(10));
		try (Stream<Job> jobs = blocking().listAll(ListQuery.firstPage())) {
			assertThat(jobs.limit(100).count()).isEqualTo(100);
		}
		assertThat(emulator().requestCount("GET", "/jobs")).isEqualTo(3);
	}

	@Test
	void listAllWithSmallPagesSeesEveryJob() {
		emulator().seedJobs(8, "Parse", JobScript.completesImmediately());
		try (Stream<Job> jobs = blocking().listAll(ListQuery.firstPage().withLimit(2).withExcludeConfigs(true))) {
			assertThat(jobs.count()).isEqualTo(8);
		}
		assertThat(emulator().requestCount("GET", "/jobs")).isEqualTo(4);
	}

	@Test
	void listAllStopsOnARepeatedCursor() {
		String page = "{\"jobs\":[{\"job_id\":\"j1\",\"status\":\"Completed\"}],\"next_cursor\":\"same\"}";
		emulator().injectFault(Fault.status(200).body(page).on("GET", "/jobs").times(5));
		List<Job> jobs = blocking().listAll(ListQuery.firstPage()).toList();
		assertThat(jobs).hasSize(2);
		assertThat(emulator().requestCount("GET", "/jobs")).isEqualTo(2);
	}

	@Test
	void listAllEmptyListCompletes() {
		StepVerifier.create(operations().listAll(ListQuery.firstPage())).expectComplete().verify(Duration.ofSeconds(5));
	}

	@Test
	void cancelStopsAPendingJob() {
		String id = emulator().seedJob("Parse", JobScript.staysPending());
		Job job = blocking().cancel(id);
		assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
		// The cancel, then one read of the state it left; nothing before.
		assertThat(emulator().requests()).extracting((request) -> request.method() + " " + request.rawPath())
			.containsExactly("POST /cancel/" + id, "GET /job/" + id);
	}

	@Test
	void cancellingACancelledJobAgainReturnsIt() {
		String id = emulator().seedJob("Parse", JobScript.staysPending());
		blocking().cancel(id);
		assertThat(blocking().cancel(id).status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(emulator().requests()).hasSize(4);
	}

	@Test
	void cancellingAFinishedJobNamesItsState() {
		String id = emulator().seedJob("Parse", JobScript.completesImmediately());
		assertThatExceptionOfType(JobNotCancellableException.class).isThrownBy(() -> blocking().cancel(id))
			.satisfies((ex) -> {
				assertThat(ex.getStatus()).isEqualTo(JobStatus.COMPLETED);
				assertThat(ex.getMessage()).contains(id, "COMPLETED");
			});
		assertThat(emulator().requests()).hasSize(2);
	}

	@Test
	void cancelRefusedByTheServerBecauseTheJobEndedIsNotCancellable() {
		String id = emulator().seedJob("Parse", JobScript.completesAfter(Duration.ofMillis(150), Duration.ZERO));
		// The job is pending at the first read, the server refuses the cancel, and the job is over at the next read.
		emulator().injectFault(Fault.delay(Duration.ofMillis(300)).on("POST", "/cancel/"));
		emulator().injectFault(Fault.status(400).body("{\"detail\":\"Job already completed\"}").on("POST", "/cancel/"));
		assertThatExceptionOfType(JobNotCancellableException.class)
			.isThrownBy(() -> JobOperations.blocking(operations(FAST_RETRY.withEnabled(false))).cancel(id))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(JobStatus.COMPLETED));
	}

	@Test
	void cancellingAnUnknownJobIsJobNotFound() {
		assertThatExceptionOfType(JobNotFoundException.class).isThrownBy(() -> blocking().cancel("missing"));
	}

	@Test
	void submitSendsTheAsyncBodyAndReturnsTheJobId() {
		SubmitRequest request = SubmitRequest.parse("https://example.com/invoice.pdf")
			.metadata(Map.of("customer", "42"))
			.priority(true)
			.webhook(Webhook.direct(URI.create("https://app.example.com/hook")))
			.option("formatting", Map.of("table_output_format", "html"))
			.build();
		String id = blocking().submit(request);
		assertThat(emulator().listStatus(id)).isPresent();
		JsonNode body = JsonMapper.builder().build().readTree(emulator().requests().get(0).body());
		assertThat(emulator().requests().get(0).rawPath()).isEqualTo("/parse_async");
		assertThat(emulator().requests().get(0).header("Content-Type")).startsWith("application/json");
		assertThat(body.get("input").asString()).isEqualTo("https://example.com/invoice.pdf");
		assertThat(body.at("/async/metadata/customer").asString()).isEqualTo("42");
		assertThat(body.at("/async/priority").asBoolean()).isTrue();
		assertThat(body.at("/async/webhook/mode").asString()).isEqualTo("direct");
		assertThat(body.at("/formatting/table_output_format").asString()).isEqualTo("html");
		assertThat(request.toString()).doesNotContain("42");
	}

	@Test
	void submitsExtractAndSplitToTheirOwnPaths() {
		blocking().submit(SubmitRequest.extract("reducto://abc.pdf")
			.option("instructions", Map.of("schema", Map.of("type", "object")))
			.build());
		blocking().submit(SubmitRequest.split("jobid://previous")
			.option("split_description", List.of(Map.of("name", "Invoice", "description", "the invoice")))
			.build());
		assertThat(emulator().requests()).extracting(RecordedRequest::rawPath)
			.containsExactly("/extract_async", "/split_async");
	}

	@Test
	void badSubmissionsAreRefusedBeforeAnyRequest() {
		assertThatIllegalArgumentException().isThrownBy(() -> SubmitRequest.parse("/tmp/invoice.pdf"))
			.withMessageContaining("upload it first");
		assertThatIllegalArgumentException().isThrownBy(() -> SubmitRequest.parse(" "));
		assertThatIllegalArgumentException().isThrownBy(() -> SubmitRequest.split("https://x.com/a.pdf").build())
			.withMessageContaining("split_description");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SubmitRequest.parse("https://x.com/a.pdf").option("async", Map.of()));
		assertThat(emulator().requests()).isEmpty();
	}

	@Test
	void submissionIsNotRetriedAfterAServerErrorThatMayHaveCreatedAJob() {
		emulator().injectFault(Fault.status(500).on("POST", "/parse_async"));
		assertThatExceptionOfType(ReductoServerException.class)
			.isThrownBy(() -> blocking().submit(SubmitRequest.parse("https://x.com/a.pdf").build()));
		assertThat(emulator().requestCount("POST", "/parse_async")).isEqualTo(1);
	}

	@Test
	void submissionIsRetriedAfter429And503() {
		emulator().injectFault(Fault.rateLimited("0.01").on("POST", "/parse_async"));
		emulator().injectFault(Fault.status(503).on("POST", "/parse_async"));
		String id = blocking().submit(SubmitRequest.parse("https://x.com/a.pdf").build());
		assertThat(id).isNotBlank();
		assertThat(emulator().requestCount("POST", "/parse_async")).isEqualTo(3);
	}

	@Test
	void readsAreRetriedOnServerErrorsAndConflicts() {
		String id = emulator().seedJob("Parse", JobScript.completesImmediately());
		emulator().injectFault(Fault.status(502).on("GET", "/job/"));
		emulator().injectFault(Fault.status(409).on("GET", "/job/"));
		AtomicInteger retries = new AtomicInteger();
		ReactiveJobOperations counted = newBuilder()
			.baseUrl(emulator().baseUrl())
			.apiKey(emulator().apiKey())
			.retry(FAST_RETRY)
			.observer((call) -> new ReductoCallObserver.CallObservation() {

				@Override
				public void onRetry(long retry, Throwable failure, Duration wait) {
					retries.incrementAndGet();
				}

			})
			.build();
		assertThat(counted.get(id).block(TIMEOUT).status()).isEqualTo(JobStatus.COMPLETED);
		assertThat(retries).hasValue(2);
		assertThat(emulator().requestCount("GET", "/job/")).isEqualTo(3);
	}

	@Test
	void aRateLimitHintLongerThanTheClientWaitsFailsThatCallAtOnceAndHoldsBackNoOther() {
		String id = emulator().seedJob("Parse", JobScript.completesImmediately());
		emulator().injectFault(Fault.rateLimited("3600").on("GET", "/jobs"));
		emulator().injectFault(Fault.status(429).header("retry-after-ms", "600000").on("POST", "/parse_async"));
		// A deadline the calls after the 429s would pass if a pause held them back.
		JobOperations jobs = JobOperations.blocking(operations(FAST_RETRY.withCallTimeout(Duration.ofSeconds(5))));
		assertThatExceptionOfType(ReductoRateLimitException.class).isThrownBy(() -> jobs.list(ListQuery.firstPage()))
			.satisfies((ex) -> {
				assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofHours(1));
				assertThat(ex.getMessage()).contains("PT1H", "maxRetryAfter", "not retried");
			});
		assertThatExceptionOfType(ReductoRateLimitException.class)
			.isThrownBy(() -> jobs.submit(SubmitRequest.parse("https://x.com/a.pdf").build()))
			.satisfies((ex) -> assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofMinutes(10)));
		assertThat(emulator().requestCount("GET", "/jobs")).isEqualTo(1);
		assertThat(jobs.get(id).status()).isEqualTo(JobStatus.COMPLETED);
		assertThat(jobs.list(ListQuery.firstPage()).jobs()).isNotEmpty();
		assertThat(jobs.submit(SubmitRequest.parse("https://x.com/b.pdf").build())).isNotBlank();
	}

	@Test
	void aCallHeldBackByTheClientsPaceIsReportedAsNeverSent() {
		emulator().injectFault(Fault.status(429).header("retry-after", "5")
			.body("{\"message\":\"[CODE 1000] rate limit exceeded, retry with exponential backoff\"}")
			.on("GET", "/jobs"));
		ReactiveJobOperations paced = operations(
				FAST_RETRY.withMaxRetryAfter(Duration.ofSeconds(10)).withCallTimeout(Duration.ofMillis(500)));
		// The first call is answered 429 with a 5 s hint: it waits to retry, and its deadline passes after one attempt.
		assertThatExceptionOfType(ReductoTimeoutException.class)
			.isThrownBy(() -> paced.list(ListQuery.firstPage()).block(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.isRequestSent()).isTrue();
				assertThat(ex.getMessage()).contains("1 attempt");
			});
		// The next one waits behind the pause the 429 set, and is never sent.
		assertThatExceptionOfType(ReductoTimeoutException.class)
			.isThrownBy(() -> paced.list(ListQuery.firstPage()).block(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.isRequestSent()).isFalse();
				assertThat(ex.getMessage()).contains("was not sent", "rate limit").doesNotContain("retries included");
			});
		assertThat(emulator().requestCount("GET", "/jobs")).isEqualTo(1);
	}

	@Test
	void aRequestIdIsRedactedAndBoundedLikeEverythingElseTheServerSends() {
		emulator().injectFault(Fault.status(400)
			.header("x-request-id", "req-" + emulator().apiKey() + "-" + "x".repeat(300))
			.body("{\"detail\":\"bad\"}")
			.on("GET", "/jobs"));
		assertThatExceptionOfType(ReductoApiException.class).isThrownBy(() -> blocking().list(ListQuery.firstPage()))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).doesNotContain(emulator().apiKey()).contains("[redacted]");
				assertThat(ex.getRequestId()).doesNotContain(emulator().apiKey()).hasSizeLessThanOrEqualTo(200);
			});
	}

	@Test
	void aCursorThatIsNotAStringIsAMalformedAnswerNotTheLastPage() {
		emulator().seedJobs(3, "Parse", JobScript.completesImmediately());
		emulator().injectFault(Fault.status(200)
			.header("Content-Type", "application/json")
			.body("{\"jobs\": [], \"next_cursor\": 42}")
			.on("GET", "/jobs"));
		assertThatExceptionOfType(ReductoResponseException.class)
			.isThrownBy(() -> {
				try (var all = blocking().listAll(ListQuery.firstPage())) {
					all.count();
				}
			})
			.withMessageContaining("next_cursor");
	}

	@Test
	void aFailedJobWhoseErrorIsPlainTextKeepsTheText() {
		emulator().injectFault(Fault.status(200)
			.header("Content-Type", "application/json")
			.body("{\"status\": \"Failed\", \"error\": \"boom\"}")
			.on("GET", "/job/"));
		Job job = blocking().get("some-job");
		assertThat(job.status()).isEqualTo(JobStatus.FAILED);
		assertThat(job.error()).isNotNull();
		assertThat(job.error().description()).isEqualTo("boom");
	}

	@Test
	void rateLimitExhaustingRetriesCarriesTheServersHint() {
		emulator().injectFault(Fault.rateLimited("0.01").on("GET", "/jobs").times(3));
		assertThatExceptionOfType(ReductoRateLimitException.class)
			.isThrownBy(() -> blocking().list(ListQuery.firstPage()))
			.satisfies((ex) -> {
				assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofMillis(10));
				assertThat(ex.getMessage()).contains("use webhooks instead of polling");
			});
		assertThat(emulator().requestCount("GET", "/jobs")).isEqualTo(3);
	}

	@Test
	void serverSayingDoNotRetryIsObeyed() {
		emulator().injectFault(Fault.status(503).header("x-should-retry", "false").on("GET", "/jobs"));
		assertThatExceptionOfType(ReductoServerException.class).isThrownBy(() -> blocking().list(ListQuery.firstPage()));
		assertThat(emulator().requestCount("GET", "/jobs")).isEqualTo(1);
	}

	@Test
	void validationErrorsCarryTheirDetails() {
		emulator().injectFault(Fault.status(422)
			.body("{\"detail\":[{\"loc\":[\"body\",\"input\"],\"msg\":\"Field required\",\"type\":\"missing\"}]}")
			.on("POST", "/parse_async"));
		assertThatExceptionOfType(ReductoValidationException.class)
			.isThrownBy(() -> blocking().submit(SubmitRequest.parse("https://x.com/a.pdf").build()))
			.satisfies((ex) -> {
				assertThat(ex.getViolations()).singleElement().satisfies((violation) -> {
					assertThat(violation.location()).isEqualTo("body.input");
					assertThat(violation.type()).isEqualTo("missing");
				});
				assertThat(ex.getMessage()).contains("body.input: Field required");
			});
	}

	@Test
	void wrongKeyIsAnAuthenticationErrorThatNeverShowsTheKey() {
		ReactiveJobOperations wrong = newBuilder()
			.baseUrl(emulator().baseUrl())
			.apiKey("sk-live-very-secret-key")
			.build();
		assertThatExceptionOfType(ReductoAuthenticationException.class)
			.isThrownBy(() -> JobOperations.blocking(wrong).get("x"))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(401);
				assertThat(ex.getMessage()).contains("check the API key").doesNotContain("very-secret");
			});
	}

	@Test
	void anEchoedKeyIsRedactedFromErrorBodies() {
		emulator().injectFault(Fault.status(400).body("{\"message\":\"bad key " + emulator().apiKey() + "\"}"));
		assertThatExceptionOfType(ReductoException.class).isThrownBy(() -> blocking().get("x")).satisfies((ex) -> {
			assertThat(ex.getMessage()).doesNotContain(emulator().apiKey()).contains("[redacted]");
			assertThat(ex.getResponseExcerpt()).doesNotContain(emulator().apiKey());
		});
	}

	@Test
	void malformedBodyIsAReductoExceptionWithStatusAndRequestId() {
		emulator().injectFault(Fault.malformedBody());
		assertThatExceptionOfType(ReductoResponseException.class).isThrownBy(() -> blocking().get("x"))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(200);
				assertThat(ex.getRequestId()).startsWith("req_");
				assertThat(ex.isTruncated()).isFalse();
				assertThat(ex.getMessage()).contains("malformed JSON");
			});
		assertThat(emulator().requestCount("GET", "/job/")).isEqualTo(1);
	}

	@Test
	void bodyWithoutAStatusIsAReductoException() {
		emulator().injectFault(Fault.status(200).body("{\"result\":null}"));
		assertThatExceptionOfType(ReductoResponseException.class).isThrownBy(() -> blocking().get("x"))
			.withMessageContaining("status");
	}

	@Test
	void cutOffBodyIsRetriedForReads() {
		String id = emulator().seedJob("Parse", JobScript.completesImmediately());
		emulator().injectFault(Fault.truncatedBody().on("GET", "/job/"));
		assertThat(blocking().get(id).status()).isEqualTo(JobStatus.COMPLETED);
		assertThat(emulator().requestCount("GET", "/job/")).isEqualTo(2);
	}

	@Test
	void cutOffBodyIsAReductoExceptionWhenRetriesRunOut() {
		emulator().injectFault(Fault.truncatedBody().times(3));
		assertThatExceptionOfType(ReductoException.class).isThrownBy(() -> blocking().get("x"))
			.satisfies((ex) -> assertThat(ex).isInstanceOfAny(ReductoResponseException.class,
					ReductoConnectionException.class));
	}

	@Test
	void slowAnswerTimesOutPerAttempt() {
		emulator().injectFault(Fault.delay(Duration.ofSeconds(3)));
		ReactiveJobOperations impatient = newBuilder()
			.baseUrl(emulator().baseUrl())
			.apiKey(emulator().apiKey())
			.readTimeout(Duration.ofMillis(200))
			.retry(FAST_RETRY.withEnabled(false))
			.build();
		assertThatExceptionOfType(ReductoTimeoutException.class).isThrownBy(() -> impatient.get("x").block(TIMEOUT));
	}

	@Test
	void callDeadlineCoversAllAttempts() {
		emulator().injectFault(Fault.delay(Duration.ofSeconds(3)).times(3));
		ReactiveJobOperations impatient = newBuilder()
			.baseUrl(emulator().baseUrl())
			.apiKey(emulator().apiKey())
			.retry(FAST_RETRY.withCallTimeout(Duration.ofMillis(300)))
			.build();
		assertThatExceptionOfType(ReductoTimeoutException.class).isThrownBy(() -> impatient.get("x").block(TIMEOUT))
			.withMessageContaining("callTimeout");
	}

	@Test
	void refusedConnectionIsAConnectionErrorThatSentNothing() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		ReactiveJobOperations nowhere = newBuilder()
			.baseUrl(URI.create("http://127.0.0.1:" + closedPort))
			.apiKey("k")
			.retry(FAST_RETRY)
			.build();
		assertThatExceptionOfType(ReductoConnectionException.class)
			.isThrownBy(() -> nowhere.submit(SubmitRequest.parse("https://x.com/a.pdf").build()).block(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.isRequestSent()).isFalse();
				assertThat(ex.getMessage()).contains("could not connect");
			});
	}

	@Test
	void awaitPollsUntilTheJobEnds() {
		emulator().scriptNextJobs(JobScript.completesAfter(Duration.ofMillis(50), Duration.ofMillis(100)));
		String id = blocking().submit(SubmitRequest.parse("https://x.com/a.pdf").build());
		Job done = blocking().await(id, Duration.ofSeconds(10));
		assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
		assertThat(emulator().requestCount("GET", "/job/")).isGreaterThan(1);
	}

	@Test
	void awaitTimesOutWithTheJobAsLastSeen() {
		String id = emulator().seedJob("Parse", JobScript.staysPending());
		assertThatExceptionOfType(JobTimeoutException.class)
			.isThrownBy(() -> blocking().await(id, Duration.ofMillis(300)))
			.satisfies((ex) -> {
				assertThat(ex.getJobId()).isEqualTo(id);
				assertThat(ex.getLastSeen().status()).isEqualTo(JobStatus.PENDING);
			});
	}

	@Test
	void aFileOver100MbGoesThroughAPresignedUrlStreamedFromDisk(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("scan.pdf");
		long size = HttpJobOperations.MAX_DIRECT_UPLOAD_BYTES + 1;
		try (java.io.RandomAccessFile sparse = new java.io.RandomAccessFile(file.toFile(), "rw")) {
			sparse.setLength(size);
		}
		UploadedFile uploaded = blocking().upload(file);
		assertThat(uploaded.fileId()).startsWith("reducto://");
		List<RecordedRequest> requests = emulator().requests();
		assertThat(requests).extracting(RecordedRequest::method).containsExactly("POST", "PUT");
		assertThat(requests.get(0).header("Content-Type")).isNull();
		RecordedRequest put = requests.get(1);
		assertThat(put.rawPath()).endsWith(uploaded.fileId().substring("reducto://".length()));
		assertThat(put.body()).isEqualTo("[" + size + " bytes]");
		assertThat(put.header("Content-Length")).isEqualTo(Long.toString(size));
		// Storage, not Reducto: the key stays with Reducto's API.
		assertThat(put.header("Authorization")).isNull();
		assertThat(blocking().submit(SubmitRequest.parse(uploaded.fileId()).build())).isNotBlank();
	}

	@Test
	void editAndPipelineJobsAreSubmittedInTheirOwnShapesAndReadAsTypedResults() {
		emulator().defaultScript(JobScript.completesImmediately());
		JobOperations jobs = blocking();
		Job edited = jobs.submitAndAwait(SubmitRequest.edit("https://example.com/form.pdf", "Fill the name with Ada")
			.option("edit_options", Map.of("color", "#00FF00"))
			.metadata(Map.of("case", "7"))
			.webhook(Webhook.svix("prod"))
			.build(), Duration.ofSeconds(10));
		JsonNode editBody = JsonMapper.shared().readTree(emulator().requests().get(0).body());
		assertThat(emulator().requests().get(0).rawPath()).isEqualTo("/edit_async");
		assertThat(editBody.get("document_url").stringValue()).isEqualTo("https://example.com/form.pdf");
		assertThat(editBody.get("edit_instructions").stringValue()).isEqualTo("Fill the name with Ada");
		assertThat(editBody.at("/webhook/mode").stringValue()).isEqualTo("svix");
		assertThat(editBody.at("/webhook/metadata/case").stringValue()).isEqualTo("7");
		assertThat(editBody.at("/webhook/metadata/reducto_spring_app").isString()).isTrue();
		assertThat(editBody.has("input")).isFalse();
		assertThat(editBody.has("async")).isFalse();
		assertThat(edited.type()).isEqualTo(JobType.EDIT);
		assertThat(jobs.editResult(edited).documentUrl()).startsWith("http");

		Job piped = jobs.submitAndAwait(SubmitRequest.pipeline("https://example.com/a.pdf", "pl_123").build(),
				Duration.ofSeconds(10));
		RecordedRequest pipeline = emulator().requests()
			.stream()
			.filter((request) -> request.rawPath().equals("/pipeline_async"))
			.findFirst()
			.orElseThrow();
		assertThat(JsonMapper.shared().readTree(pipeline.body()).get("pipeline_id").stringValue()).isEqualTo("pl_123");
		assertThat(piped.type()).isEqualTo(JobType.PIPELINE);
		PipelineResult result = jobs.pipelineResult(piped);
		assertThat(result.parse()).isNotNull();
		assertThat(result.usage().numPages()).isPositive();
		assertThatIllegalArgumentException().isThrownBy(() -> jobs.editResult(piped)).withMessageContaining("PIPELINE");
		assertThatIllegalArgumentException().isThrownBy(() -> SubmitRequest.edit("https://example.com/a.pdf", " "))
			.withMessageContaining("edit instructions");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SubmitRequest.pipeline("https://example.com/a.pdf", "p").option("pipeline_id", "q"))
			.withMessageContaining("factory method");
	}

	@Test
	void perCallOptionsSetHeadersRetriesAndTheDeadlineOfThoseCallsOnly() {
		String id = emulator().seedJob("Parse", JobScript.completesImmediately());
		JobOperations jobs = blocking();
		JobOperations traced = jobs.withOptions(RequestOptions.none().withHeader("X-Correlation-Id", "c-1"));
		traced.get(id);
		jobs.get(id);
		assertThat(emulator().requests()).extracting((request) -> request.header("X-Correlation-Id"))
			.containsExactly("c-1", null);

		// No retries for this call: one 503, one request, the failure at once.
		emulator().injectFault(Fault.status(503).on("GET", "/job/"));
		assertThatExceptionOfType(ReductoServerException.class)
			.isThrownBy(() -> jobs.withOptions(RequestOptions.none().withMaxRetries(0)).get(id));
		assertThat(emulator().requests()).hasSize(3);
		// The client's own retries still apply elsewhere.
		emulator().injectFault(Fault.status(503).on("GET", "/job/"));
		assertThat(jobs.get(id).jobId()).isEqualTo(id);
		assertThat(emulator().requests()).hasSize(5);

		emulator().injectFault(Fault.delay(Duration.ofSeconds(3)).on("GET", "/job/"));
		assertThatExceptionOfType(ReductoTimeoutException.class)
			.isThrownBy(() -> jobs.withOptions(RequestOptions.none().withTimeout(Duration.ofMillis(200))).get(id))
			.withMessageContaining("PT0.2S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RequestOptions.none().withHeader("Authorization", "Bearer other"))
			.withMessageContaining("Authorization");
	}

	@Test
	void uploadReturnsAReductoIdThatCanBeSubmitted(@TempDir Path dir) throws Exception {
		Path file = Files.writeString(dir.resolve("invoice.pdf"), "%PDF-1.4 fake");
		UploadedFile uploaded = blocking().upload(file);
		assertThat(uploaded.fileId()).startsWith("reducto://").endsWith(".pdf");
		RecordedRequest upload = emulator().requests().get(0);
		assertThat(upload.header("Content-Type")).startsWith("multipart/form-data");
		assertThat(upload.body()).contains("name=\"file\"", "filename=\"invoice.pdf\"", "%PDF-1.4 fake");
		assertThat(blocking().submit(SubmitRequest.parse(uploaded.fileId()).build())).isNotBlank();
		assertThat(blocking().upload("hello".getBytes(), "notes.txt").fileId()).endsWith(".txt");
		assertThatIllegalArgumentException().isThrownBy(() -> blocking().upload(dir.resolve("missing.pdf")));
	}

	@Test
	void parseResultHasTheTypedView() {
		String id = emulator().seedJob("Parse", JobScript.completesImmediately().withPages(2));
		ParseResult result = blocking().parseResult(blocking().get(id));
		assertThat(result.chunks()).hasSize(2);
		assertThat(result.blocks()).extracting(ParseResult.Block::type).containsOnly("Title");
		assertThat(result.blocks().get(1).bbox().page()).isEqualTo(2);
		assertThat(result.usage().numPages()).isEqualTo(2);
		assertThat(result.jobId()).isEqualTo(id);
	}

	@Test
	void parseResultByUrlIsFetchedWithoutTheApiKey() {
		String id = emulator().seedJob("Parse", JobScript.completesImmediately().withPages(3).withResultAsUrl());
		Job job = blocking().get(id);
		assertThat(job.result().at("/result/type").asString()).isEqualTo("url");
		ParseResult result = blocking().parseResult(job);
		assertThat(result.chunks()).hasSize(3);
		assertThat(emulator().resultUrlFetchesWithAuthorization()).isZero();
		assertThat(emulator().requestCount("GET", "/_emulator/results/")).isEqualTo(1);
	}

	@Test
	void parseResultOfAnUnfinishedJobIsRefused() {
		String id = emulator().seedJob("Parse", JobScript.staysPending());
		Job job = blocking().get(id);
		assertThatIllegalArgumentException().isThrownBy(() -> blocking().parseResult(job))
			.withMessageContaining("PENDING");
	}

	@Test
	void configureWebhookReturnsThePortalUrl() {
		URI portal = blocking().configureWebhook();
		assertThat(portal).isEqualTo(emulator().baseUrl().resolve("/_emulator/svix-portal"));
		assertThat(emulator().requests()).singleElement().satisfies((request) -> {
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.rawPath()).isEqualTo("/configure_webhook");
		});
	}

	@Test
	void missingApiKeyIsRefusedWhenBuilding() {
		assertThatIllegalArgumentException().isThrownBy(() -> newBuilder().build())
			.withMessageContaining("apiKey(");
		assertThat(newBuilder().apiKey("sk-secret").toString()).doesNotContain("sk-secret");
	}

	@Test
	void closingOperationsBuiltByTheBuilderReleasesWhatTheyCreated() {
		String id = emulator().seedJob("Parse", JobScript.staysPending());
		ReactiveJobOperations built = operations();
		assertThat(built.get(id).block(TIMEOUT).status()).isEqualTo(JobStatus.PENDING);
		built.close();
		built.close(); // twice is harmless
		assertThatIllegalStateException().isThrownBy(() -> built.get(id).block(TIMEOUT))
			.withMessageContaining("closed");
		assertThatExceptionOfType(JobTrackingStoppedException.class)
			.isThrownBy(() -> built.tracker().track(id, Duration.ofSeconds(5)).block(TIMEOUT));
	}

	@Test
	void closingOperationsOverSharedPartsLeavesThePartsAlone() {
		String id = emulator().seedJob("Parse", JobScript.completesImmediately());
		ReductoClientBuilder builder = newBuilder()
			.baseUrl(emulator().baseUrl())
			.apiKey(emulator().apiKey());
		ReductoHttpPipeline pipeline = builder.buildPipeline();
		JobTracker tracker = builder.buildTracker(pipeline);
		builder.build(pipeline, tracker).close();
		ReactiveJobOperations other = builder.build(pipeline, tracker);
		assertThat(other.await(id, Duration.ofSeconds(5)).block(TIMEOUT).status()).isEqualTo(JobStatus.COMPLETED);
		tracker.close();
		pipeline.close();
	}

	@Test
	void anInterruptedBlockingCallThrowsADocumentedExceptionAndKeepsTheFlag() {
		String id = emulator().seedJob("Parse", JobScript.staysPending());
		JobOperations jobs = blocking();
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(ReductoInterruptedException.class)
				.isThrownBy(() -> jobs.await(id, Duration.ofSeconds(30)))
				.withMessageContaining("interrupted");
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void aBlockingCallOnANonBlockingThreadFailsAtOnceNamingTheReactiveOperations() {
		JobOperations jobs = blocking();
		assertThatIllegalStateException()
			.isThrownBy(() -> Mono.fromCallable(() -> jobs.list(ListQuery.firstPage()))
				.subscribeOn(reactor.core.scheduler.Schedulers.parallel())
				.block(TIMEOUT))
			.withMessageContaining("ReactiveJobOperations");
		assertThat(emulator().requests()).isEmpty();
	}

}
