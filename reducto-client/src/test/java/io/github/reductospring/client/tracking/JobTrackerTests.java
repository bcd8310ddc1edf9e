package io.github.reductospring.client.tracking;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import io.github.reductospring.client.JobOperations;
import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.ReductoClientBuilder;
import io.github.reductospring.client.SubmitRequest;
import io.github.reductospring.client.error.JobNotFoundException;
import io.github.reductospring.client.error.ReductoAuthenticationException;
import io.github.reductospring.client.error.JobTimeoutException;
import io.github.reductospring.client.error.JobTrackingStoppedException;
import io.github.reductospring.client.http.ReductoHttpPipeline;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.emulator.EmulatorClock;
import io.github.reductospring.emulator.Fault;
import io.github.reductospring.emulator.JobScript;
import io.github.reductospring.emulator.ReductoEmulator;
import io.github.reductospring.emulator.ReductoEmulatorExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link JobTracker}, over real HTTP against the emulator.
 */
class JobTrackerTests {

	/** How long a test waits for a call at most. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	static ReductoEmulatorExtension reducto = new ReductoEmulatorExtension();

	private static final PollingSettings FAST_POLLING = new PollingSettings(Duration.ofMillis(50), 1.5,
			Duration.ofMillis(200), Duration.ZERO);

	private final List<Disposable> subscriptions = new ArrayList<>();

	private ReactiveJobOperations operations;

	private ReductoHttpPipeline pipeline;

	@AfterEach
	void close() {
		this.subscriptions.forEach(Disposable::dispose);
		if (this.operations != null) {
			this.operations.tracker().close();
			this.operations.close();
		}
		if (this.pipeline != null) {
			this.pipeline.close();
		}
	}

	private JobTracker tracker(TrackingSettings settings) {
		return tracker(settings, TrackedJobRegistry.inMemory());
	}

	private JobTracker tracker(TrackingSettings settings, TrackedJobRegistry registry) {
		return sharedTracker(settings, registry, null);
	}

	/**
	 * A tracker that, with a coordination, writes its registry as a shared one is written, off the tracker's thread.
	 */
	private JobTracker sharedTracker(TrackingSettings settings, TrackedJobRegistry registry,
			@Nullable ClusterCoordination cluster) {
		ReductoClientBuilder builder = ReactiveJobOperations.builder()
			.baseUrl(reducto.emulator().baseUrl())
			.apiKey(reducto.emulator().apiKey())
			.polling(FAST_POLLING)
			.tracking(settings)
			.trackedJobRegistry(registry);
		if (cluster != null) {
			builder.clusterCoordination(cluster);
		}
		this.operations = builder.build();
		return this.operations.tracker();
	}

	/**
	 * A tracker whose ticks and deadlines move only when {@link #advance} moves them; its reads still go over real
	 * HTTP to the emulator.
	 */
	private JobTracker trackerOnVirtualTime(TrackingSettings settings) {
		ReductoClientBuilder builder = ReactiveJobOperations.builder()
			.baseUrl(reducto.emulator().baseUrl())
			.apiKey(reducto.emulator().apiKey())
			.polling(FAST_POLLING);
		this.pipeline = builder.buildPipeline();
		JobTracker tracker = new JobTracker(ReductoClientBuilder.jobSource(this.pipeline), settings, FAST_POLLING,
				TrackedJobRegistry.inMemory(), null, VirtualTimeScheduler.create());
		this.operations = builder.build(this.pipeline, tracker);
		return tracker;
	}

	/** Moves virtual time on tick by tick; the reads each tick sends are answered before the next tick. */
	private void advance(JobTracker tracker, Duration by) {
		VirtualTimeScheduler time = (VirtualTimeScheduler) tracker.scheduler();
		for (long moved = 0; moved < by.toNanos(); moved += RefreshLoop.TICK.toNanos()) {
			time.advanceTimeBy(RefreshLoop.TICK);
			await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(10))
				.until(() -> tracker.readsInFlight() == 0);
		}
	}

	private List<JobUpdate> recordUpdates(JobTracker tracker) {
		List<JobUpdate> updates = new CopyOnWriteArrayList<>();
		this.subscriptions.add(tracker.updates().subscribe(updates::add));
		return updates;
	}

	@Test
	void fewJobsArePolledOneByOneUntilTheyEnd() {
		JobTracker tracker = tracker(TrackingSettings.DEFAULTS);
		List<JobUpdate> updates = recordUpdates(tracker);
		reducto.emulator().defaultScript(JobScript.completesAfter(Duration.ofMillis(50), Duration.ofMillis(150)));
		List<Job> jobs = Flux.range(0, 3)
			.flatMap((i) -> this.operations.submitAndAwait(SubmitRequest.parse("https://x.com/" + i + ".pdf").build(),
					Duration.ofSeconds(10)))
			.collectList()
			.block(TIMEOUT);
		assertThat(jobs).hasSize(3).allSatisfy((job) -> {
			assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
			assertThat(job.result()).isNotNull();
		});
		assertThat(reducto.emulator().requestCount("GET", "/jobs")).isZero();
		assertThat(tracker.readsByReason()).containsEntry(JobTracker.ReadReason.POLL,
				reducto.emulator().requestCount("GET", "/job/"));
		// Each job is reported COMPLETED exactly once.
		Map<String, Long> completions = updates.stream()
			.filter((update) -> update.job().status() == JobStatus.COMPLETED)
			.collect(Collectors.groupingBy((update) -> update.job().jobId(), Collectors.counting()));
		assertThat(completions).hasSize(3).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
		assertThat(tracker.trackedByStatus()).isEmpty();
	}

	@Test
	void manyJobsAreRefreshedInBulkWithOneReadEachForTheResult() {
		// Bulk from the first job: with a higher threshold, a job could be polled on its own while the others are
		// still being submitted, and the count of reads would depend on how fast this machine submits.
		JobTracker tracker = tracker(TrackingSettings.DEFAULTS.withBulk(1, Duration.ofMillis(100)));
		List<JobUpdate> updates = recordUpdates(tracker);
		reducto.emulator().defaultScript(JobScript.completesAfter(Duration.ofMillis(100), Duration.ofMillis(300)));
		int count = 40;
		List<Job> jobs = Flux.range(0, count)
			.flatMap((i) -> this.operations.submitAndAwait(SubmitRequest.parse("https://x.com/" + i + ".pdf").build(),
					Duration.ofSeconds(15)))
			.collectList()
			.block(TIMEOUT);
		assertThat(jobs).hasSize(count).allSatisfy((job) -> assertThat(job.status()).isEqualTo(JobStatus.COMPLETED));
		long jobReads = reducto.emulator().requestCount("GET", "/job/");
		long listReads = reducto.emulator().requestCount("GET", "/jobs");
		assertThat(jobReads).isEqualTo(count);
		assertThat(tracker.readsByReason()).containsEntry(JobTracker.ReadReason.ENDED_IN_LIST, (long) count)
			.containsEntry(JobTracker.ReadReason.UNSEEN_IN_LIST, 0L)
			.containsEntry(JobTracker.ReadReason.POLL, 0L);
		assertThat(listReads).isPositive().isLessThan(count);
		// The list shows InProgress, so bulk tracking reports the PROCESSING stage too, each change once.
		assertThat(updates).filteredOn((update) -> update.job().status() == JobStatus.PROCESSING)
			.extracting((update) -> update.job().jobId())
			.doesNotHaveDuplicates();
		assertThat(updates).filteredOn((update) -> update.job().status() == JobStatus.COMPLETED).hasSize(count);
	}

	@Test
	void jobsOlderThanTheBulkScanReachAreReadOneByOne() {
		// created_at far in the past: no bulk scan reaches these jobs, so each is read on its own, once.
		try (ReductoEmulator old = ReductoEmulator.builder()
			.clock(EmulatorClock.manual(java.time.Instant.parse("2020-01-01T00:00:00Z")))
			.build()
			.start()) {
			List<String> ids = old.seedJobs(12, "Parse", JobScript.completesImmediately());
			this.operations = ReactiveJobOperations.builder()
				.baseUrl(old.baseUrl())
				.apiKey(old.apiKey())
				.polling(FAST_POLLING)
				.tracking(TrackingSettings.DEFAULTS.withBulk(8, Duration.ofMillis(100)))
				.build();
			List<Job> jobs = JobOperations.blocking(this.operations).awaitAll(ids, Duration.ofSeconds(10));
			assertThat(jobs).allSatisfy((job) -> assertThat(job.status()).isEqualTo(JobStatus.COMPLETED));
			assertThat(old.requestCount("GET", "/job/")).isEqualTo(12);
			assertThat(old.requestCount("GET", "/jobs")).isPositive();
		}
	}

	@Test
	void rateLimitedBulkRefreshesSlowDownAndStillEndEveryJob() {
		// Bulk from the first job, so that no job is polled on its own while the rest are being submitted.
		JobTracker tracker = tracker(TrackingSettings.DEFAULTS.withBulk(1, Duration.ofMillis(100)));
		reducto.emulator().defaultScript(JobScript.completesAfter(Duration.ofMillis(50), Duration.ofMillis(200)));
		reducto.emulator()
			.injectFault(Fault.rateLimited("0.2").body("{\"message\":\"[CODE 1000] rate limit exceeded\"}")
				.on("GET", "/jobs")
				.times(6));
		List<Job> jobs = Flux.range(0, 10)
			.flatMap((i) -> this.operations.submitAndAwait(SubmitRequest.parse("https://x.com/" + i + ".pdf").build(),
					Duration.ofSeconds(15)))
			.collectList()
			.block(TIMEOUT);
		assertThat(jobs).hasSize(10).allSatisfy((job) -> assertThat(job.status()).isEqualTo(JobStatus.COMPLETED));
		assertThat(reducto.emulator().exchanges()).filteredOn((exchange) -> exchange.status() == 429).hasSize(6);
		assertThat(reducto.emulator().requestCount("GET", "/job/")).isEqualTo(10);
	}

	@Test
	void aJobNotDoneByItsDeadlineFailsWithItsLastSeenState() {
		JobTracker tracker = trackerOnVirtualTime(TrackingSettings.DEFAULTS);
		String id = reducto.emulator().seedJob("Parse", JobScript.staysPending());
		StepVerifier.create(tracker.track(id, Duration.ofMillis(400)))
			.then(() -> advance(tracker, Duration.ofMillis(350)))
			// Polled at the first tick, then 50, 75 and 112 ms after each answer, on 50 ms ticks: 50, 100, 200, 350.
			.then(() -> assertThat(reducto.emulator().requestCount("GET", "/job/")).isEqualTo(4))
			.then(() -> assertThat(tracker.isTracking(id)).as("still watched before its deadline").isTrue())
			.then(() -> advance(tracker, Duration.ofMillis(50)))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(JobTimeoutException.class,
					(late) -> assertThat(late.getLastSeen().status()).isEqualTo(JobStatus.PENDING)))
			.verify(Duration.ofSeconds(10));
		assertThat(reducto.emulator().listStatus(id)).contains("Pending");
		assertThat(tracker.isTracking(id)).isFalse();
	}

	@Test
	void aJobNotDoneByItsDeadlineIsCancelledWhenConfigured() {
		JobTracker tracker = trackerOnVirtualTime(TrackingSettings.DEFAULTS.withCancelOnTimeout(true));
		String id = reducto.emulator().seedJob("Parse", JobScript.staysPending());
		StepVerifier.create(tracker.track(id, Duration.ofMillis(300)))
			.then(() -> advance(tracker, Duration.ofMillis(300)))
			.expectError(JobTimeoutException.class)
			.verify(Duration.ofSeconds(10));
		// The cancel is sent after the deadline, without holding up the caller: wait for it to arrive.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> reducto.emulator().listStatus(id).orElseThrow().equals("Cancelled"));
	}

	@Test
	void unknownJobFailsTracking() {
		JobTracker tracker = tracker(TrackingSettings.DEFAULTS);
		assertThatExceptionOfType(JobNotFoundException.class)
			.isThrownBy(() -> tracker.track("missing", Duration.ofSeconds(5)).block(TIMEOUT));
	}

	@Test
	void closingEndsPendingTrackingWithAShutdownError() {
		JobTracker tracker = tracker(TrackingSettings.DEFAULTS);
		String id = reducto.emulator().seedJob("Parse", JobScript.staysPending());
		Mono<Job> pending = tracker.track(id, Duration.ofMinutes(1)).cache();
		this.subscriptions.add(pending.subscribe((job) -> {
		}, (error) -> {
		}));
		await().atMost(Duration.ofSeconds(5)).until(() -> tracker.trackedByStatus().containsKey(JobStatus.PENDING));
		tracker.close();
		assertThatExceptionOfType(JobTrackingStoppedException.class).isThrownBy(pending::block)
			.withMessageContaining("shutting down")
			.satisfies((ex) -> assertThat(ex.getLastSeen().status()).isEqualTo(JobStatus.PENDING));
		assertThatExceptionOfType(JobTrackingStoppedException.class)
			.isThrownBy(() -> tracker.track(id, Duration.ofSeconds(1)).block(TIMEOUT));
	}

	@Test
	void webhookFetchesTheEndedJobAtOnceAndIsAcknowledgedLater() {
		// Webhooks expected: polling is a 30-second safety net, so only the webhook can end this quickly. The job's
		// end is moved on a manual clock, after the tracker's first scan has seen it running.
		try (ReductoEmulator manual = ReductoEmulator.builder()
			.clock(EmulatorClock.manual(java.time.Instant.now()))
			.build()
			.start()) {
			this.operations = ReactiveJobOperations.builder()
				.baseUrl(manual.baseUrl())
				.apiKey(manual.apiKey())
				.polling(FAST_POLLING)
				.tracking(TrackingSettings.DEFAULTS.withWebhooksExpected(true))
				.build();
			JobTracker tracker = this.operations.tracker();
			String id = manual.seedJob("Parse", JobScript.completesAfter(Duration.ZERO, Duration.ofMinutes(1)));
			Mono<Job> tracked = tracker.track(id, Duration.ofSeconds(10)).cache();
			this.subscriptions.add(tracked.subscribe((job) -> {
			}, (error) -> {
			}));
			await().atMost(Duration.ofSeconds(5))
				.until(() -> tracker.trackedByStatus().containsKey(JobStatus.PROCESSING));
			manual.clock().advance(Duration.ofMinutes(2));
			assertThat(tracker.onWebhook(id, null)).isEqualTo(JobTracker.WebhookOutcome.TRACKED);
			assertThat(tracked.block(Duration.ofSeconds(3)).status()).isEqualTo(JobStatus.COMPLETED);
			assertThat(tracker.onWebhook(id, null)).isEqualTo(JobTracker.WebhookOutcome.ALREADY_REPORTED);
			assertThat(tracker.onWebhook("someone-elses-job", "another-application"))
				.isEqualTo(JobTracker.WebhookOutcome.NOT_THIS_APPLICATION);
			assertThat(tracker.onWebhook("an-untagged-job", null))
				.isEqualTo(JobTracker.WebhookOutcome.NOT_THIS_APPLICATION);
			assertThat(manual.requestCount("GET", "/job/someone-elses-job")).isZero();
		}
	}

	@Test
	void closingATrackerThatWasNeverUsedCreatesNothingAndLaterSubscribersStillSeeTheEnd() {
		JobTracker tracker = trackerOnVirtualTime(TrackingSettings.DEFAULTS);
		tracker.close();
		// Closing at shutdown created the update stream only to end it, loading some 200 Reactor classes.
		assertThat(tracker.hasUpdateStream()).isFalse();
		StepVerifier.create(tracker.updates()).expectComplete().verify(Duration.ofSeconds(1));
	}

	@Test
	void awaitAllReturnsEveryJobInOrderEvenThoseStillRunning() {
		JobTracker tracker = trackerOnVirtualTime(TrackingSettings.DEFAULTS);
		List<String> ids = IntStream.range(0, 3)
			.mapToObj((i) -> reducto.emulator()
				.seedJob("Parse", (i == 1) ? JobScript.staysPending() : JobScript.completesImmediately()))
			.toList();
		StepVerifier.create(tracker.trackAll(ids, Duration.ofMillis(800)))
			.then(() -> advance(tracker, Duration.ofMillis(800)))
			.assertNext((jobs) -> {
				assertThat(jobs).extracting(Job::jobId).containsExactlyElementsOf(ids);
				assertThat(jobs).extracting(Job::status)
					.containsExactly(JobStatus.COMPLETED, JobStatus.PENDING, JobStatus.COMPLETED);
			})
			.verifyComplete();
	}

	@Test
	void twoWatchersOfOneJobShareItsRefreshes() {
		JobTracker tracker = trackerOnVirtualTime(TrackingSettings.DEFAULTS);
		String id = reducto.emulator().seedJob("Parse", JobScript.staysPending());
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		this.subscriptions.add(tracker.track(id, Duration.ofSeconds(5)).subscribe((job) -> {
		}, failures::add));
		this.subscriptions.add(tracker.track(id, Duration.ofSeconds(5)).subscribe((job) -> {
		}, failures::add));
		advance(tracker, Duration.ofMillis(350));
		// As many reads as for one watcher (50, 100, 200, 350 ms): the second shares the first's schedule.
		assertThat(reducto.emulator().requestCount("GET", "/job/")).isEqualTo(4);
		assertThat(failures).isEmpty();
		assertThat(tracker.trackedByStatus()).containsExactly(Map.entry(JobStatus.PENDING, 1L));
	}

	@Test
	void aTrackerBuiltOutsideTheOperationsIsTheOneAwaitUses() {
		TrackedJobRegistry registry = TrackedJobRegistry.inMemory();
		ReductoClientBuilder builder = ReactiveJobOperations.builder()
			.baseUrl(reducto.emulator().baseUrl())
			.apiKey(reducto.emulator().apiKey())
			.polling(FAST_POLLING);
		ReductoHttpPipeline pipeline = builder.buildPipeline();
		JobTracker tracker = new JobTracker(ReductoClientBuilder.jobSource(pipeline), TrackingSettings.DEFAULTS,
				FAST_POLLING, registry, null);
		this.operations = builder.build(pipeline, tracker);
		assertThat(this.operations.tracker()).isSameAs(tracker);
		String id = reducto.emulator().seedJob("Parse", JobScript.completesAfter(Duration.ZERO, Duration.ofMillis(100)));
		assertThat(this.operations.await(id, Duration.ofSeconds(5)).block(TIMEOUT).status())
			.isEqualTo(JobStatus.COMPLETED);
		assertThat(registry.find(id)).satisfies((known) -> {
			assertThat(known.status()).isEqualTo(JobStatus.COMPLETED);
			assertThat(known.createdNoEarlierThan()).isNotNull();
		});
	}

	@Test
	void trackersSharingARegistryReportEachChangeOnce() {
		// What a registry shared by several instances is for: each change is reported by the tracker that records it.
		TrackedJobRegistry shared = TrackedJobRegistry.inMemory();
		ReductoClientBuilder builder = ReactiveJobOperations.builder()
			.baseUrl(reducto.emulator().baseUrl())
			.apiKey(reducto.emulator().apiKey())
			.polling(FAST_POLLING)
			.trackedJobRegistry(shared);
		ReductoHttpPipeline pipeline = builder.buildPipeline();
		JobTracker first = builder.buildTracker(pipeline);
		JobTracker second = builder.buildTracker(pipeline);
		try {
			List<JobUpdate> updates = new CopyOnWriteArrayList<>();
			this.subscriptions.add(first.updates().subscribe(updates::add));
			this.subscriptions.add(second.updates().subscribe(updates::add));
			String id = reducto.emulator()
				.seedJob("Parse", JobScript.completesAfter(Duration.ofMillis(100), Duration.ofMillis(300)));
			List<Job> ended = Flux.merge(first.track(id, Duration.ofSeconds(5)), second.track(id, Duration.ofSeconds(5)))
				.collectList()
				.block(TIMEOUT);
			assertThat(ended).hasSize(2).allSatisfy((job) -> assertThat(job.status()).isEqualTo(JobStatus.COMPLETED));
			assertThat(updates).extracting((update) -> update.job().status()).doesNotHaveDuplicates()
				.endsWith(JobStatus.COMPLETED);
		}
		finally {
			first.close();
			second.close();
		}
	}

	@Test
	void aChangeTheRegistryDoesNotRecordIsNotReported() {
		// A registry that records nothing, as if another instance always got there first: jobs still end, silently.
		TrackedJobRegistry claimedElsewhere = new InMemoryForwarding() {

			@Override
			public boolean recordStatus(String jobId, JobStatus expected, Job seen) {
				return false;
			}

		};
		this.operations = ReactiveJobOperations.builder()
			.baseUrl(reducto.emulator().baseUrl())
			.apiKey(reducto.emulator().apiKey())
			.polling(FAST_POLLING)
			.trackedJobRegistry(claimedElsewhere)
			.build();
		List<JobUpdate> updates = recordUpdates(this.operations.tracker());
		String id = reducto.emulator().seedJob("Parse", JobScript.completesAfter(Duration.ZERO, Duration.ofMillis(100)));
		assertThat(this.operations.await(id, Duration.ofSeconds(5)).block(TIMEOUT).status())
			.isEqualTo(JobStatus.COMPLETED);
		assertThat(updates).isEmpty();
	}

	@Test
	void aWaitEndsAtOnceWithAnErrorThatRetryingCannotMend() {
		String id = reducto.emulator().seedJob("Parse", JobScript.staysPending());
		this.operations = ReactiveJobOperations.builder()
			.baseUrl(reducto.emulator().baseUrl())
			.apiKey("not-the-key")
			.polling(FAST_POLLING)
			.build();
		// Not a JobTimeoutException after the deadline: the wrong key will not become right by waiting.
		assertThatExceptionOfType(ReductoAuthenticationException.class)
			.isThrownBy(() -> this.operations.await(id, Duration.ofSeconds(20)).block(TIMEOUT));
		assertThat(this.operations.tracker().isTracking(id)).isFalse();
	}

	@Test
	void waitsInBulkEndAtOnceWithAnErrorThatRetryingCannotMend() {
		List<String> ids = reducto.emulator().seedJobs(6, "Parse", JobScript.staysPending());
		this.operations = ReactiveJobOperations.builder()
			.baseUrl(reducto.emulator().baseUrl())
			.apiKey("not-the-key")
			.polling(FAST_POLLING)
			.tracking(TrackingSettings.DEFAULTS.withBulk(1, Duration.ofMillis(100)))
			.build();
		JobTracker tracker = this.operations.tracker();
		List<Throwable> failures = Flux.fromIterable(ids)
			.flatMap((id) -> tracker.track(id, Duration.ofSeconds(20)).then(Mono.<Throwable>empty())
				.onErrorResume((error) -> Mono.just(error)))
			.collectList()
			.block(TIMEOUT);
		assertThat(failures).hasSize(6).allSatisfy((error) -> assertThat(error).isInstanceOf(ReductoAuthenticationException.class));
	}

	@Test
	void closingWhileAReadIsInFlightGivesNoJobUpForTheCluster() {
		// A shared registry: a job given up there is followed by no instance any more.
		AtomicInteger givenUp = new AtomicInteger();
		TrackedJobRegistry shared = new InMemoryForwarding() {

			@Override
			public void remove(String jobId) {
				givenUp.incrementAndGet();
				super.remove(jobId);
			}

		};
		JobTracker tracker = sharedTracker(TrackingSettings.DEFAULTS, shared, new SoleInstance());
		String id = reducto.emulator().seedJob("Parse", JobScript.staysPending());
		reducto.emulator().injectFault(Fault.delay(Duration.ofMillis(500)).on("GET", "/job/"));
		this.subscriptions.add(tracker.track(id, Duration.ofMinutes(1)).subscribe((job) -> {
		}, (error) -> {
		}));
		await().atMost(Duration.ofSeconds(10)).until(() -> reducto.emulator().requestCount("GET", "/job/") == 1);
		tracker.close();
		// The answer arrives after the tracker stopped: the job stays for the next poller.
		await().atMost(Duration.ofSeconds(10)).until(() -> !reducto.emulator().exchanges().isEmpty());
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> givenUp.get() == 0);
	}

	@Test
	void aSubscriberThatDoesNotKeepUpLosesTheOldestUpdatesCountedAndNothingElse() {
		JobTracker tracker = tracker(TrackingSettings.DEFAULTS.withUpdateBuffer(2));
		List<JobUpdate> received = new CopyOnWriteArrayList<>();
		BaseSubscriber<JobUpdate> stalled = new BaseSubscriber<>() {

			@Override
			protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
				// no demand until the end
			}

			@Override
			protected void hookOnNext(JobUpdate update) {
				received.add(update);
			}

		};
		tracker.updates().subscribe(stalled);
		List<JobUpdate> keptUp = recordUpdates(tracker);
		List<String> ids = reducto.emulator().seedJobs(5, "Parse", JobScript.completesImmediately());
		JobOperations.blocking(this.operations).awaitAll(ids, Duration.ofSeconds(10));
		await().atMost(Duration.ofSeconds(5)).until(() -> keptUp.size() == 5);
		assertThat(tracker.droppedUpdates()).isEqualTo(3);
		stalled.request(10);
		assertThat(received).hasSize(2).extracting((update) -> update.job().jobId()).isSubsetOf(ids);
		assertThat(keptUp).hasSize(5);
		stalled.dispose();
	}

	@Test
	void theListenerGetsEveryUpdateInOrderOffTheTrackersThreadAndAnEndIsMarkedPublishedOnlyOnceItReturned()
			throws Exception {
		List<String> marked = new CopyOnWriteArrayList<>();
		JobTracker tracker = sharedTracker(TrackingSettings.DEFAULTS.withUpdateBuffer(2), new InMemoryForwarding(),
				new SoleInstance() {

					@Override
					public void markPublished(java.util.Collection<String> jobIds) {
						marked.addAll(jobIds);
					}

				});
		java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
		List<JobUpdate> delivered = new CopyOnWriteArrayList<>();
		List<String> threads = new CopyOnWriteArrayList<>();
		this.subscriptions.add(tracker.deliverTo((update) -> {
			threads.add(Thread.currentThread().getName());
			delivered.add(update);
			try {
				// The first delivery holds the listener until the test lets it go: a listener far slower than tracking.
				release.await(10, java.util.concurrent.TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}));
		List<JobUpdate> published = recordUpdates(tracker);
		List<String> ids = reducto.emulator().seedJobs(5, "Parse", JobScript.completesImmediately());
		JobOperations.blocking(this.operations).awaitAll(ids, Duration.ofSeconds(10));
		await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 5 && delivered.size() == 1);
		assertThat(marked).as("the listener has not returned").isEmpty();
		release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> marked.size() == 5);
		assertThat(delivered).as("none dropped, in the order published").containsExactlyElementsOf(published);
		assertThat(marked).containsExactlyInAnyOrderElementsOf(ids);
		assertThat(threads).noneMatch((name) -> name.startsWith("reducto-tracker"));
		assertThat(delivered).extracting(JobUpdate::eventId)
			.containsExactlyElementsOf(
					published.stream().map((update) -> update.job().jobId() + ":COMPLETED").toList());
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> tracker.deliverTo((update) -> {
		})).withMessageContaining("one listener");
	}

	@Test
	void aRegistryThatHangsWhileRecordingHoldsUpNoOtherWatch() throws Exception {
		java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
		AtomicInteger writes = new AtomicInteger();
		List<String> writingThreads = new CopyOnWriteArrayList<>();
		TrackedJobRegistry slow = new InMemoryForwarding() {

			@Override
			public boolean[] recordStatuses(List<StatusChange> changes) {
				writingThreads.add(Thread.currentThread().getName());
				if (writes.getAndIncrement() == 0) {
					try {
						// The database stops answering during the first write.
						answer.await(20, java.util.concurrent.TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				return super.recordStatuses(changes);
			}

		};
		JobTracker tracker = sharedTracker(TrackingSettings.DEFAULTS, slow, new SoleInstance());
		List<JobUpdate> updates = recordUpdates(tracker);
		String first = reducto.emulator().seedJob("Parse", JobScript.completesImmediately());
		assertThat(tracker.track(first, Duration.ofSeconds(10)).block(Duration.ofSeconds(10)).status())
			.isEqualTo(JobStatus.COMPLETED);
		await().atMost(Duration.ofSeconds(5)).until(() -> writes.get() == 1);
		// While the registry hangs, another job is read and its wait ends.
		String second = reducto.emulator()
			.seedJob("Parse", JobScript.completesAfter(Duration.ZERO, Duration.ofMillis(200)));
		assertThat(tracker.track(second, Duration.ofSeconds(5)).block(Duration.ofSeconds(10)).status())
			.isEqualTo(JobStatus.COMPLETED);
		assertThat(updates).as("nothing published before the registry recorded it").isEmpty();
		answer.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> updates.size() == 2);
		assertThat(updates).extracting((update) -> update.job().jobId()).containsExactly(first, second);
		assertThat(writingThreads).noneMatch((name) -> name.startsWith("reducto-tracker"));
	}

	@Test
	void aChangeWhoseWriteFailedIsWrittenAgainAndPublishedOnceThoughItsWaitEnded() {
		AtomicInteger writes = new AtomicInteger();
		TrackedJobRegistry deadlocking = new InMemoryForwarding() {

			@Override
			public boolean[] recordStatuses(List<StatusChange> changes) {
				if (writes.getAndIncrement() == 0) {
					throw new IllegalStateException("ERROR: deadlock detected");
				}
				return super.recordStatuses(changes);
			}

		};
		JobTracker tracker = sharedTracker(TrackingSettings.DEFAULTS, deadlocking, new SoleInstance());
		List<JobUpdate> updates = recordUpdates(tracker);
		String id = reducto.emulator().seedJob("Parse", JobScript.completesImmediately());
		assertThat(tracker.track(id, Duration.ofSeconds(10)).block(Duration.ofSeconds(10)).status())
			.isEqualTo(JobStatus.COMPLETED);
		// The wait ended with the read; the end, not recorded by the first write, is recorded by the next one.
		await().atMost(Duration.ofSeconds(10)).until(() -> updates.size() == 1);
		assertThat(updates).singleElement().satisfies((update) -> assertThat(update.job().jobId()).isEqualTo(id));
		assertThat(writes.get()).isGreaterThanOrEqualTo(2);
		assertThat(deadlocking.find(id).hasEnded()).isTrue();
		assertThat(reducto.emulator().requestCount("GET", "/job/" + id)).as("not read again for it").isEqualTo(1);
	}

	/** The coordination of a cluster of one: always the poller, nothing to read; tests override what they watch. */
	static class SoleInstance implements ClusterCoordination {

		@Override
		public void join(Member member) {
		}

		@Override
		public boolean isPoller() {
			return true;
		}

		@Override
		public void tick(long now) {
		}

		@Override
		public void ended(String jobId) {
		}

		@Override
		public void registerSubmitted(String jobId, java.time.Instant createdNoEarlierThan,
				java.time.Instant deadline) {
		}

		@Override
		public void nudge(String jobId) {
		}

		@Override
		public void markPublished(java.util.Collection<String> jobIds) {
		}

		@Override
		public void leave() {
		}

	}

	/** An in-memory registry whose required methods a test overrides one by one; the others keep their defaults. */
	static class InMemoryForwarding implements TrackedJobRegistry {

		private final TrackedJobRegistry inMemory = TrackedJobRegistry.inMemory();

		@Override
		public TrackedJob register(String jobId, java.time.Instant createdNoEarlierThan) {
			return this.inMemory.register(jobId, createdNoEarlierThan);
		}

		@Override
		public TrackedJob find(String jobId) {
			return this.inMemory.find(jobId);
		}

		@Override
		public boolean recordStatus(String jobId, JobStatus expected, Job seen) {
			return this.inMemory.recordStatus(jobId, expected, seen);
		}

		@Override
		public void remove(String jobId) {
			this.inMemory.remove(jobId);
		}

	}

}
