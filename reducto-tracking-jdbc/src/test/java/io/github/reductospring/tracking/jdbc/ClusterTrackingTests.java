package io.github.reductospring.tracking.jdbc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.ReductoClientBuilder;
import io.github.reductospring.client.SubmitRequest;
import io.github.reductospring.client.http.ReductoCallObserver;
import io.github.reductospring.client.http.ReductoHttpPipeline;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.tracking.JobTracker;
import io.github.reductospring.client.tracking.JobUpdate;
import io.github.reductospring.client.tracking.PollingSettings;
import io.github.reductospring.client.tracking.TrackingSettings;
import io.github.reductospring.client.webhook.WebhookReceiver;
import io.github.reductospring.client.webhook.WebhookSettings;
import io.github.reductospring.emulator.JobScript;
import io.github.reductospring.emulator.ReductoEmulator;
import io.github.reductospring.emulator.ReductoEmulatorExtension;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several instances of one application, each with its own client and tracker, sharing a real PostgreSQL, against
 * the emulator: one polls for all, waits end anywhere, each end is published once, restarts lose nothing.
 */
class ClusterTrackingTests {

	@RegisterExtension
	static ReductoEmulatorExtension reducto = new ReductoEmulatorExtension();

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final PollingSettings FAST_POLLING = new PollingSettings(Duration.ofMillis(50), 1.5,
			Duration.ofMillis(200), Duration.ZERO);

	private final List<AutoCloseable> running = new ArrayList<>();

	private final String application = Databases.uniqueApplication();

	@AfterEach
	void stop() throws Exception {
		for (AutoCloseable closeable : this.running) {
			closeable.close();
		}
	}

	private static ReductoEmulator emulator() {
		return reducto.emulator();
	}

	/** One instance: its own pipeline, tracker and registry on the shared database; started like Boot starts it. */
	private Instance start(String name, TrackingSettings tracking, @Nullable WebhookSettings webhook) {
		AtomicInteger jobReads = new AtomicInteger();
		ReductoCallObserver countReads = (call) -> {
			if (call.operation().equals("get_job")) {
				jobReads.incrementAndGet();
			}
			return ReductoCallObserver.CallObservation.NOOP;
		};
		KillableRegistry registry = new KillableRegistry(new JdbcTrackedJobRegistry(Databases.postgres(),
				JdbcTrackingSettings.of(this.application).withInstanceId(name).withLeaseTtl(Duration.ofSeconds(5))));
		ReductoClientBuilder builder = ReactiveJobOperations.builder()
			.baseUrl(emulator().baseUrl())
			.apiKey(emulator().apiKey())
			.polling(FAST_POLLING)
			.observer(countReads);
		if (webhook != null) {
			builder.webhook(webhook);
		}
		ReductoHttpPipeline pipeline = builder.buildPipeline();
		JobTracker tracker = new JobTracker(ReductoClientBuilder.jobSource(pipeline),
				tracking.withApplicationId(this.application), FAST_POLLING, registry,
				new JdbcClusterCoordination(registry, tracking.bulkInterval(),
						Schedulers.newSingle("lease-" + name, true), Schedulers.boundedElastic()));
		List<JobUpdate> updates = new CopyOnWriteArrayList<>();
		tracker.updates().subscribe(updates::add);
		ListenerGate gate = new ListenerGate();
		// The application's listeners, as the starter's event bridge calls them.
		tracker.deliverTo(gate::deliver);
		tracker.start();
		ReactiveJobOperations operations = builder.build(pipeline, tracker);
		Instance instance = new Instance(name, operations, tracker, registry, jobReads, updates, gate);
		this.running.add(() -> {
			tracker.close();
			pipeline.close();
			// A killed instance's lease connection goes back to the pool the tests share.
			registry.releaseConnection();
		});
		return instance;
	}

	private Instance start(String name) {
		return start(name, TrackingSettings.DEFAULTS.withBulk(1, Duration.ofMillis(200)), null);
	}

	private static Instance poller(Instance... instances) {
		await().atMost(Duration.ofSeconds(20)).until(() -> List.of(instances).stream().anyMatch(Instance::isPoller));
		return List.of(instances).stream().filter(Instance::isPoller).findFirst().orElseThrow();
	}

	private static Map<String, Long> ends(List<JobUpdate> updates) {
		return updates.stream()
			.filter((update) -> update.job().isTerminal())
			.collect(Collectors.groupingBy((update) -> update.job().jobId(), Collectors.counting()));
	}

	@Test
	void oneInstancePollsAndWaitsOnTheOthersEndFromItsRecords() {
		Instance a = start("a");
		Instance b = start("b");
		Instance poller = poller(a, b);
		Instance follower = (poller == a) ? b : a;
		assertThat(follower.isPoller()).isFalse();
		emulator().defaultScript(JobScript.completesAfter(Duration.ofMillis(100), Duration.ofMillis(300)));
		List<Job> jobs = Flux.range(0, 6)
			.flatMap((i) -> follower.operations()
				.submitAndAwait(SubmitRequest.parse("https://x.com/" + i + ".pdf").build(), Duration.ofSeconds(30)))
			.collectList()
			.block(TIMEOUT);
		assertThat(jobs).hasSize(6).allSatisfy((job) -> {
			assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
			assertThat(job.result()).as("read for the wait: the registry does not keep documents").isNotNull();
		});
		// The poller reads each job once for its end; the follower once for the result its wait returns.
		assertThat(follower.jobReads()).hasValue(6);
		assertThat(poller.jobReads()).hasValue(6);
		assertThat(follower.tracker().readsByReason()).containsEntry(JobTracker.ReadReason.RECORDED_ELSEWHERE, 6L);
		// Each end is published once in the cluster, by the poller, at its next tick.
		await().atMost(Duration.ofSeconds(10)).until(() -> ends(poller.updates()).size() == 6);
		assertThat(ends(poller.updates())).hasSize(6).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
		assertThat(ends(follower.updates())).isEmpty();
	}

	@Test
	void aJobSubmittedWithoutAWaitIsFollowedToItsEndAndItsEndPublishedOnce() {
		Instance a = start("a");
		Instance b = start("b");
		Instance poller = poller(a, b);
		Instance other = (poller == a) ? b : a;
		emulator().defaultScript(JobScript.completesAfter(Duration.ZERO, Duration.ofMillis(200)));
		List<String> ids = Flux.range(0, 4)
			.flatMap((i) -> other.operations().submit(SubmitRequest.parse("https://x.com/" + i + ".pdf").build()))
			.collectList()
			.block(TIMEOUT);
		await().atMost(Duration.ofSeconds(30)).until(() -> ends(poller.updates()).size() == 4);
		assertThat(ends(poller.updates())).containsOnlyKeys(ids).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
		assertThat(ends(other.updates())).isEmpty();
	}

	@Test
	void jobsThatEndWhileNoInstanceRunsArePublishedOnceAfterTheRestart() throws Exception {
		Instance first = start("first");
		poller(first);
		emulator().defaultScript(JobScript.completesAfter(Duration.ZERO, Duration.ofMillis(300)));
		List<String> ids = Flux.range(0, 3)
			.flatMap((i) -> first.operations().submit(SubmitRequest.parse("https://x.com/" + i + ".pdf").build()))
			.collectList()
			.block(TIMEOUT);
		first.tracker().close();
		// The jobs end while nothing runs.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> ids.stream().allMatch((id) -> emulator().listStatus(id).orElseThrow().equals("Completed")));
		Instance restarted = start("restarted");
		await().atMost(Duration.ofSeconds(30)).until(() -> ends(restarted.updates()).size() == 3);
		assertThat(ends(restarted.updates())).containsOnlyKeys(ids)
			.allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
		assertThat(ends(first.updates())).isEmpty();
	}

	@Test
	void whenThePollerDiesAnotherTakesOverAndWaitsStillEnd() {
		Instance a = start("a");
		Instance b = start("b");
		Instance poller = poller(a, b);
		Instance survivor = (poller == a) ? b : a;
		// Dies as a killed JVM would: it neither renews nor gives up its lease.
		poller.registry().kill();
		poller.tracker().close();
		long killedAt = System.nanoTime();
		emulator().defaultScript(JobScript.completesAfter(Duration.ZERO, Duration.ofMillis(200)));
		List<Job> jobs = Flux.range(0, 3)
			.flatMap((i) -> survivor.operations()
				.submitAndAwait(SubmitRequest.parse("https://x.com/" + i + ".pdf").build(), Duration.ofSeconds(60)))
			.collectList()
			.block(TIMEOUT);
		assertThat(jobs).hasSize(3).allSatisfy((job) -> assertThat(job.status()).isEqualTo(JobStatus.COMPLETED));
		assertThat(survivor.isPoller()).isTrue();
		System.out.printf("Takeover and three jobs ended %d ms after the poller died (lease 5 s)%n",
				Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
		// Published once recorded, at the poller's next tick, which may come just after the waits ended.
		await().atMost(Duration.ofSeconds(10)).until(() -> ends(survivor.updates()).size() == 3);
	}

	@Test
	void aWebhookAtAnInstanceThatDoesNotPollIsReportedByThatInstance() throws IOException {
		// The poller reads the table's unfinished jobs only every 30 s here: only the webhook can end the wait soon.
		Instance[] instances = webhookInstances();
		Instance poller = instances[0];
		Instance follower = instances[1];
		emulator().defaultScript(JobScript.completesAfter(Duration.ZERO, Duration.ofMillis(200)));
		Job job = follower.operations()
			.submitAndAwait(SubmitRequest.parse("https://x.com/a.pdf").build(), Duration.ofSeconds(20))
			.block(TIMEOUT);
		assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
		// A delivery is recorded when its answer comes back, which can be just after the wait ended.
		await().atMost(Duration.ofSeconds(10)).until(() -> !emulator().webhookDeliveries().isEmpty());
		assertThat(emulator().webhookDeliveries()).singleElement()
			.satisfies((delivery) -> assertThat(delivery.status()).isEqualTo(202));
		// Whoever hears first reports: the instance the delivery reached reads the job and claims its end.
		assertThat(follower.jobReads()).hasValue(1);
		assertThat(poller.jobReads()).hasValue(0);
		await().atMost(Duration.ofSeconds(10)).until(() -> follower.listeners().ends().contains(job.jobId()));
		assertThat(follower.listeners().ends()).containsExactly(job.jobId());
		assertThat(poller.listeners().ends()).doesNotContain(job.jobId());
	}

	@Test
	void aWaitOnThePollerEndsFromTheRecordOfTheInstanceTheWebhookReached() throws IOException {
		// The poller's scans run every 30 s: only its reads of what the other instance recorded can end the wait soon.
		Instance[] instances = webhookInstances();
		Instance poller = instances[0];
		Instance follower = instances[1];
		emulator().defaultScript(JobScript.completesAfter(Duration.ZERO, Duration.ofMillis(200)));
		Job job = poller.operations()
			.submitAndAwait(SubmitRequest.parse("https://x.com/a.pdf").build(), Duration.ofSeconds(10))
			.block(TIMEOUT);
		assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
		assertThat(job.result()).as("read for the wait, the registry keeping no result").isNotNull();
		await().atMost(Duration.ofSeconds(10)).until(() -> follower.listeners().ends().contains(job.jobId()));
		assertThat(poller.listeners().ends()).doesNotContain(job.jobId());
	}

	@Test
	void aWebhookWhoseInstanceDiesBeforeItReadsTheJobIsReadByThePoller() throws IOException {
		Instance[] instances = webhookInstances();
		Instance poller = instances[0];
		Instance follower = instances[1];
		follower.registry().dieAfterNextNudge();
		emulator().defaultScript(JobScript.completesAfter(Duration.ZERO, Duration.ofMillis(200)));
		String id = follower.operations().submit(SubmitRequest.parse("https://x.com/a.pdf").build()).block(TIMEOUT);
		// The poller's scans run every 30 s: only the hand-over left on the row can bring the end sooner.
		await().atMost(Duration.ofSeconds(20)).until(() -> poller.listeners().ends().contains(id));
		assertThat(poller.jobReads()).hasValue(1);
		// Its registry dead, the instance the delivery reached may still read the job, but records and reports nothing.
		assertThat(follower.listeners().ends()).isEmpty();
	}

	@Test
	void anEndClaimedByAnInstanceThatDiedWhileItsListenerRanIsDeliveredByThePollerWithoutATakeover() throws Exception {
		Instance[] instances = webhookInstances();
		Instance poller = instances[0];
		Instance follower = instances[1];
		follower.listeners().holdNextEnd();
		emulator().defaultScript(JobScript.completesAfter(Duration.ZERO, Duration.ofMillis(200)));
		String id = follower.operations().submit(SubmitRequest.parse("https://x.com/a.pdf").build()).block(TIMEOUT);
		// The instance the webhook reached claimed the end, and dies while its listener has it.
		assertThat(follower.listeners().awaitHeld()).isEqualTo(id);
		follower.registry().kill();
		follower.tracker().close();
		follower.listeners().release();
		// The poller stays the poller: no takeover brings the end to it, only its reads of ends left unpublished.
		await().atMost(Duration.ofSeconds(40)).until(() -> poller.listeners().ends().contains(id));
		assertThat(poller.listeners().ends()).containsExactly(id);
		assertThat(poller.isPoller()).isTrue();
	}

	@Test
	void aWebhookAcceptedByAPollerThatDiesBeforeItReadsTheJobIsReadByTheNextPollerAtOnce() throws IOException {
		Instance[] instances = webhookInstances(true);
		Instance poller = instances[0];
		Instance other = instances[1];
		poller.registry().dieAfterNextNudge();
		emulator().defaultScript(JobScript.completesAfter(Duration.ZERO, Duration.ofMillis(200)));
		String id = other.operations().submit(SubmitRequest.parse("https://x.com/a.pdf").build()).block(TIMEOUT);
		// The poller accepted the delivery and died before reading the job.
		await().atMost(Duration.ofSeconds(20)).until(() -> poller.registry().isDead());
		poller.tracker().close();
		// The next poller's scans run every 30 s: only the mark on the row can bring the end sooner.
		await().atMost(Duration.ofSeconds(20)).until(() -> other.listeners().ends().contains(id));
		assertThat(other.isPoller()).isTrue();
	}

	private Instance[] webhookInstances() throws IOException {
		return webhookInstances(false);
	}

	/**
	 * A poller and another instance, webhooks reaching the other one (or the poller), and the poller's safety net
	 * every 30 s.
	 */
	private Instance[] webhookInstances(boolean toThePoller) throws IOException {
		TrackingSettings webhooks = TrackingSettings.DEFAULTS.withWebhooksExpected(true)
			.withBulk(4, Duration.ofSeconds(30));
		WebhookSettings svix = new WebhookSettings(WebhookSettings.Mode.SVIX, ReductoEmulator.DEFAULT_SIGNING_SECRET,
				null, null, List.of(), 64 * 1024);
		Instance a = start("a", webhooks, svix);
		Instance b = start("b", webhooks, svix);
		Instance poller = poller(a, b);
		Instance follower = (poller == a) ? b : a;
		WebhookReceiver receiver = new WebhookReceiver(svix, (toThePoller ? poller : follower).tracker(),
				JsonMapper.shared());
		emulator().webhookTarget(startReceiver(receiver));
		// The poller already follows a job, so its 30-second safety-net scan has just run.
		String running = emulator().seedJob("Parse", JobScript.staysPending());
		poller.tracker().track(running, Duration.ofMinutes(1)).subscribe((ignored) -> {
		}, (ignored) -> {
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> emulator().requestCount("GET", "/jobs") > 0);
		return new Instance[] { poller, follower };
	}

	private URI startReceiver(WebhookReceiver receiver) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/hook", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			WebhookReceiver.Response response = receiver.receive(exchange.getRequestHeaders(), body);
			exchange.sendResponseHeaders(response.status(), -1);
			exchange.close();
		});
		server.start();
		this.running.add(() -> server.stop(0));
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
	}

	@Test
	void anEndWhoseListenerWasRunningWhenItsInstanceDiedIsDeliveredByTheNextPoller() throws Exception {
		Instance first = start("first");
		poller(first);
		first.listeners().holdNextEnd();
		emulator().defaultScript(JobScript.completesAfter(Duration.ZERO, Duration.ofMillis(100)));
		String id = first.operations().submit(SubmitRequest.parse("https://x.com/a.pdf").build()).block(TIMEOUT);
		// The listener has the end and has not returned: the instance dies now, as a killed JVM would.
		assertThat(first.listeners().awaitHeld()).as("the end reached the first instance's listener").isEqualTo(id);
		first.registry().kill();
		first.tracker().close();
		first.listeners().release();
		Instance next = start("next");
		await().atMost(Duration.ofSeconds(30)).until(() -> next.listeners().ends().contains(id));
		assertThat(next.listeners().ends()).containsExactly(id);
		// The same event, with the same id, on both: a listener can drop the repeat.
		assertThat(next.listeners().eventIds()).contains(id + ":COMPLETED");
	}

	/**
	 * What the application's listeners received, with a way to hold one of them inside the listener, so that a test
	 * can kill the instance at that moment.
	 */
	static final class ListenerGate {

		private final List<JobUpdate> delivered = new CopyOnWriteArrayList<>();

		private final CountDownLatch released = new CountDownLatch(1);

		private final CompletableFuture<String> held = new CompletableFuture<>();

		private volatile boolean holdNextEnd;

		void deliver(JobUpdate update) {
			this.delivered.add(update);
			if (update.job().isTerminal() && this.holdNextEnd) {
				this.holdNextEnd = false;
				this.held.complete(update.job().jobId());
				try {
					this.released.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

		void holdNextEnd() {
			this.holdNextEnd = true;
		}

		String awaitHeld() throws Exception {
			return this.held.get(30, TimeUnit.SECONDS);
		}

		void release() {
			this.released.countDown();
		}

		List<String> ends() {
			return this.delivered.stream().filter((update) -> update.job().isTerminal())
				.map((update) -> update.job().jobId()).toList();
		}

		List<String> eventIds() {
			return this.delivered.stream().map(JobUpdate::eventId).toList();
		}

	}

	record Instance(String name, ReactiveJobOperations operations, JobTracker tracker, KillableRegistry registry,
			AtomicInteger jobReads, List<JobUpdate> updates, ListenerGate listeners) {

		boolean isPoller() {
			return this.tracker.isPolling();
		}

	}

}
