package io.github.reductospring.client.webhook;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.SubmitRequest;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.tracking.JobTracker;
import io.github.reductospring.client.tracking.JobUpdate;
import io.github.reductospring.client.tracking.TrackingSettings;
import io.github.reductospring.emulator.JobScript;
import io.github.reductospring.emulator.RecordedRequest;
import io.github.reductospring.emulator.ReductoEmulator;
import io.github.reductospring.emulator.ReductoEmulatorExtension;
import io.github.reductospring.emulator.SvixSigner;
import io.github.reductospring.emulator.WebhookDelivery;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link WebhookReceiver}: signatures, replay, tokens, limits; and end to end with the emulator
 * delivering over HTTP.
 */
class WebhookReceiverTests {

	/** How long a test waits for a call at most. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	static ReductoEmulatorExtension reducto = new ReductoEmulatorExtension();

	private static final String SECRET = ReductoEmulator.DEFAULT_SIGNING_SECRET;

	private static final String TOKEN = "direct-token-0123456789";

	private ReactiveJobOperations operations;

	private HttpServer receiverServer;

	@AfterEach
	void close() {
		if (this.operations != null) {
			this.operations.tracker().close();
		}
		if (this.receiverServer != null) {
			this.receiverServer.stop(0);
		}
	}

	private ReactiveJobOperations operations(WebhookSettings webhook) {
		this.operations = ReactiveJobOperations.builder()
			.baseUrl(emulator().baseUrl())
			.apiKey(emulator().apiKey())
			.tracking(TrackingSettings.DEFAULTS.withWebhooksExpected(true))
			.webhook(webhook)
			.build();
		return this.operations;
	}

	private static ReductoEmulator emulator() {
		return reducto.emulator();
	}

	private static WebhookSettings svix() {
		return new WebhookSettings(WebhookSettings.Mode.SVIX, SECRET, null, null, List.of("prod"), 64 * 1024);
	}

	private static WebhookSettings direct(URI url) {
		return new WebhookSettings(WebhookSettings.Mode.DIRECT, null, TOKEN, url, List.of(), 64 * 1024);
	}

	/** A tracked job that has ended, and the receiver. */
	private String endedTrackedJob(JobTracker tracker) {
		String id = emulator().seedJob("Parse", JobScript.completesImmediately());
		tracker.track(id, Duration.ofSeconds(30)).subscribe((job) -> {
		}, (error) -> {
		});
		return id;
	}

	private static Map<String, List<String>> signed(String id, long timestamp, byte[] body) {
		return Map.of("svix-id", List.of(id), "svix-timestamp", List.of(Long.toString(timestamp)), "svix-signature",
				List.of(SvixSigner.sign(SECRET, id, timestamp, body)));
	}

	private static byte[] payload(String jobId) {
		return ("{\"status\":\"Completed\",\"job_id\":\"" + jobId + "\",\"metadata\":null}")
			.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void validSvixDeliveryEndsTheTrackedJobAtOnce() {
		ReactiveJobOperations operations = operations(svix());
		String id = emulator().seedJob("Parse", JobScript.completesImmediately());
		Mono<Job> tracked = operations.tracker().track(id, Duration.ofSeconds(30)).cache();
		tracked.subscribe((job) -> {
		}, (error) -> {
		});
		WebhookReceiver receiver = new WebhookReceiver(svix(), operations.tracker(), JsonMapper.shared());
		byte[] body = payload(id);
		WebhookReceiver.Response response = receiver.receive(signed("msg_1", now(), body), body);
		assertThat(response.status()).isEqualTo(202);
		assertThat(tracked.block(Duration.ofSeconds(5)).status()).isEqualTo(JobStatus.COMPLETED);
	}

	@Test
	void forgedOrStaleOrIncompleteDeliveriesAreRefused() {
		ReactiveJobOperations operations = operations(svix());
		String id = endedTrackedJob(operations.tracker());
		WebhookReceiver receiver = new WebhookReceiver(svix(), operations.tracker(), JsonMapper.shared());
		byte[] body = payload(id);
		Map<String, List<String>> forged = Map.of("svix-id", List.of("msg_1"), "svix-timestamp",
				List.of(Long.toString(now())), "svix-signature",
				List.of(SvixSigner.sign("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]), "msg_1",
						now(), body)));
		assertThat(receiver.receive(forged, body).status()).isEqualTo(401);
		byte[] tampered = payload(id + "x");
		assertThat(receiver.receive(signed("msg_2", now(), body), tampered).status()).isEqualTo(401);
		assertThat(receiver.receive(signed("msg_3", now() - 301, body), body)).satisfies((response) -> {
			assertThat(response.status()).isEqualTo(401);
			assertThat(response.message()).contains("too old");
		});
		assertThat(receiver.receive(signed("msg_4", now() + 301, body), body).status()).isEqualTo(401);
		assertThat(receiver.receive(Map.of("svix-id", List.of("msg_5")), body).status()).isEqualTo(400);
		assertThat(emulator().requestCount("GET", "/job/" + id)).isLessThanOrEqualTo(1);
	}

	@Test
	void replayedDeliveryIsAcknowledgedButNotProcessedTwice() {
		ReactiveJobOperations operations = operations(svix());
		String id = endedTrackedJob(operations.tracker());
		WebhookReceiver receiver = new WebhookReceiver(svix(), operations.tracker(), JsonMapper.shared());
		byte[] body = payload(id);
		Map<String, List<String>> headers = signed("msg_replayed", now(), body);
		assertThat(receiver.receive(headers, body).status()).isEqualTo(202);
		WebhookReceiver.Response again = receiver.receive(headers, body);
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.message()).contains("duplicate");
	}

	@Test
	void standardWebhooksHeaderNamesAreAccepted() {
		ReactiveJobOperations operations = operations(svix());
		String id = endedTrackedJob(operations.tracker());
		byte[] body = payload(id);
		long ts = now();
		Map<String, List<String>> headers = Map.of("Webhook-Id", List.of("msg_std"), "Webhook-Timestamp",
				List.of(Long.toString(ts)), "Webhook-Signature", List.of(SvixSigner.sign(SECRET, "msg_std", ts, body)));
		assertThat(new WebhookReceiver(svix(), operations.tracker(), JsonMapper.shared()).receive(headers, body).status()).isEqualTo(202);
	}

	@Test
	void oversizedOrMalformedBodiesAreRefused() {
		ReactiveJobOperations operations = operations(svix());
		WebhookReceiver receiver = new WebhookReceiver(svix(), operations.tracker(), JsonMapper.shared());
		byte[] huge = new byte[64 * 1024 + 1];
		assertThat(receiver.receive(signed("msg_h", now(), huge), huge).status()).isEqualTo(413);
		byte[] notJson = "hello".getBytes(StandardCharsets.UTF_8);
		assertThat(receiver.receive(signed("msg_n", now(), notJson), notJson).status()).isEqualTo(400);
		byte[] noJob = "{\"status\":\"Completed\"}".getBytes(StandardCharsets.UTF_8);
		assertThat(receiver.receive(signed("msg_j", now(), noJob), noJob).status()).isEqualTo(400);
	}

	@Test
	void directDeliveriesMustCarryTheToken() {
		ReactiveJobOperations operations = operations(direct(URI.create("https://app.example.com/hook")));
		String id = endedTrackedJob(operations.tracker());
		WebhookReceiver receiver = new WebhookReceiver(direct(URI.create("https://app.example.com/hook")),
				operations.tracker(), JsonMapper.shared());
		byte[] without = payload(id);
		assertThat(receiver.receive(Map.of(), without).status()).isEqualTo(401);
		byte[] wrong = ("{\"status\":\"Completed\",\"job_id\":\"" + id + "\",\"metadata\":{\"reducto_spring_token\":\"nope\"}}")
			.getBytes(StandardCharsets.UTF_8);
		assertThat(receiver.receive(Map.of(), wrong).status()).isEqualTo(401);
		byte[] right = ("{\"status\":\"Completed\",\"job_id\":\"" + id + "\",\"metadata\":{\"reducto_spring_token\":\""
				+ TOKEN + "\"}}")
			.getBytes(StandardCharsets.UTF_8);
		assertThat(receiver.receive(Map.of(), right).status()).isEqualTo(202);
	}

	@Test
	void submissionsCarryTheConfiguredWebhook() {
		JsonMapper json = JsonMapper.builder().build();
		operations(svix()).submit(SubmitRequest.parse("https://x.com/a.pdf").build()).block(TIMEOUT);
		URI hook = URI.create("https://app.example.com/hook");
		operations(direct(hook)).submit(SubmitRequest.parse("https://x.com/b.pdf").metadata(Map.of("k", "v")).build())
			.block(TIMEOUT);
		this.operations.submit(SubmitRequest.parse("https://x.com/c.pdf")
			.webhook(io.github.reductospring.client.Webhook.direct(URI.create("https://elsewhere.example.com")))
			.build()).block(TIMEOUT);
		List<JsonNode> bodies = emulator().requests()
			.stream()
			.filter((request) -> request.matches("POST", "/parse_async"))
			.map(RecordedRequest::body)
			.map(json::readTree)
			.toList();
		assertThat(bodies.get(0).at("/async/webhook/mode").asString()).isEqualTo("svix");
		assertThat(bodies.get(0).at("/async/webhook/channels/0").asString()).isEqualTo("prod");
		assertThat(bodies.get(1).at("/async/webhook/url").asString()).isEqualTo(hook.toString());
		assertThat(bodies.get(1).at("/async/metadata/reducto_spring_token").asString()).isEqualTo(TOKEN);
		assertThat(bodies.get(1).at("/async/metadata/k").asString()).isEqualTo("v");
		// A direct webhook to somewhere else never gets this application's token; every job gets its tag.
		assertThat(bodies.get(2).at("/async/metadata/reducto_spring_token").isMissingNode()).isTrue();
		assertThat(bodies).allSatisfy((body) -> assertThat(body.at("/async/metadata/reducto_spring_app").asString())
			.isEqualTo(TrackingSettings.DEFAULTS.applicationId()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.operations
				.submit(SubmitRequest.parse("https://x.com/d.pdf").metadata("just a string").build())
				.block(TIMEOUT))
			.withMessageContaining("JSON object")
			.withMessageContaining("reducto_spring_app");
	}

	@Test
	void aDeliveryForThisApplicationsJobThatNothingAwaitsIsAcceptedReadOnceAndReported() throws Exception {
		this.operations = ReactiveJobOperations.builder()
			.baseUrl(emulator().baseUrl())
			.apiKey(emulator().apiKey())
			.tracking(TrackingSettings.DEFAULTS.withWebhooksExpected(true).withApplicationId("billing"))
			.webhook(svix())
			.build();
		JobTracker tracker = this.operations.tracker();
		List<JobUpdate> updates = new CopyOnWriteArrayList<>();
		Disposable subscription = tracker.updates().subscribe(updates::add);
		try {
			WebhookReceiver receiver = new WebhookReceiver(svix(), tracker, JsonMapper.shared());
			emulator().webhookTarget(startReceiver(receiver));
			emulator().defaultScript(JobScript.completesAfter(Duration.ZERO, Duration.ofMillis(100)));
			// Submitted without a wait, as a service that hands the id to someone else would.
			String id = this.operations.submit(SubmitRequest.parse("https://x.com/a.pdf").build()).block(TIMEOUT);
			await().atMost(Duration.ofSeconds(10)).until(() -> !emulator().webhookDeliveries().isEmpty());
			assertThat(emulator().webhookDeliveries()).singleElement()
				.satisfies((delivery) -> assertThat(delivery.status()).isEqualTo(202));
			await().atMost(Duration.ofSeconds(10)).until(() -> !updates.isEmpty());
			assertThat(updates).singleElement().satisfies((update) -> {
				assertThat(update.job().jobId()).isEqualTo(id);
				assertThat(update.job().status()).isEqualTo(JobStatus.COMPLETED);
				assertThat(update.job().result()).isNotNull();
			});
			// This job's reads only: a CI run once counted two GET /job/ here and could not be reproduced; should it
			// recur, the message says which requests the emulator answered and why the tracker read.
			assertThat(emulator().requestCount("GET", "/job/" + id))
				.as(() -> "requests " + emulator().exchanges()
					.stream()
					.map((exchange) -> exchange.request().method() + " " + exchange.request().rawPath() + " "
							+ exchange.status())
					.toList() + ", the tracker's reads " + tracker.readsByReason())
				.isEqualTo(1);
			assertThat(tracker.isTracking(id)).isFalse();
		}
		finally {
			subscription.dispose();
		}
	}

	@Test
	void aDeliveryForAnotherApplicationsJobIsAcknowledgedAndIgnored() {
		ReactiveJobOperations operations = operations(svix());
		WebhookReceiver receiver = new WebhookReceiver(svix(), operations.tracker(), JsonMapper.shared());
		byte[] theirs = ("{\"status\":\"Completed\",\"job_id\":\"theirs\",\"metadata\":{\"reducto_spring_app\":\"other\"}}")
			.getBytes(StandardCharsets.UTF_8);
		assertThat(receiver.receive(signed("msg_o", now(), theirs), theirs)).satisfies((response) -> {
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.message()).contains("not a job of this application");
		});
		byte[] untagged = payload("untagged");
		assertThat(receiver.receive(signed("msg_u", now(), untagged), untagged).status()).isEqualTo(200);
		assertThat(receiver.deliveries()).containsEntry(WebhookReceiver.Outcome.OTHER_APPLICATION, 2L)
			.containsEntry(WebhookReceiver.Outcome.ACCEPTED, 0L);
		assertThat(emulator().requests()).isEmpty();
	}

	@Test
	void onTheInMemoryStoreADeliveryForAJobAnotherInstanceSubmittedIsLeftToThatInstance() {
		// Two instances of one application, each with its own in-memory store: the submitter and the one the
		// delivery happens to reach.
		ReactiveJobOperations submitter = operations(svix());
		try (ReactiveJobOperations reached = ReactiveJobOperations.builder()
			.baseUrl(emulator().baseUrl())
			.apiKey(emulator().apiKey())
			.tracking(TrackingSettings.DEFAULTS.withWebhooksExpected(true))
			.webhook(svix())
			.build()) {
			// Jobs that do not end: the emulator sends no delivery of its own, to this test or a later one.
			emulator().defaultScript(JobScript.staysPending());
			String id = submitter.submit(SubmitRequest.parse("https://x.com/a.pdf").build())
				.block(Duration.ofSeconds(10));
			String submittedBy = submitter.tracker().instanceId();
			assertThat(submittedBy).isNotEqualTo(reached.tracker().instanceId());
			assertThat(emulator().requests()).filteredOn((request) -> request.rawPath().equals("/parse_async"))
				.singleElement()
				.satisfies((request) -> assertThat(request.body())
					.contains("\"" + TrackingSettings.INSTANCE_METADATA_KEY + "\":\"" + submittedBy + "\""));
			List<JobUpdate> published = new CopyOnWriteArrayList<>();
			reached.tracker().updates().subscribe(published::add);
			WebhookReceiver receiver = new WebhookReceiver(svix(), reached.tracker(), JsonMapper.shared());
			byte[] delivery = ("{\"status\":\"Completed\",\"job_id\":\"" + id + "\",\"metadata\":{"
					+ "\"reducto_spring_app\":\"application\",\"reducto_spring_instance\":\"" + submittedBy + "\"}}")
				.getBytes(StandardCharsets.UTF_8);
			assertThat(receiver.receive(signed("msg_1", now(), delivery), delivery)).satisfies((response) -> {
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.message()).contains("another instance", "reducto.tracking.store=jdbc");
			});
			assertThat(receiver.deliveries()).containsEntry(WebhookReceiver.Outcome.OTHER_INSTANCE, 1L)
				.containsEntry(WebhookReceiver.Outcome.ACCEPTED, 0L);
			assertThat(reached.tracker().isTracking(id)).isFalse();
			assertThat(emulator().requestCount("GET", "/job/" + id)).as("not read by the instance it reached").isZero();
			assertThat(published).isEmpty();
			// Its own job, delivered to it: followed as before.
			String own = reached.submit(SubmitRequest.parse("https://x.com/b.pdf").build())
				.block(Duration.ofSeconds(10));
			byte[] ownDelivery = ("{\"status\":\"Completed\",\"job_id\":\"" + own + "\",\"metadata\":{"
					+ "\"reducto_spring_app\":\"application\",\"reducto_spring_instance\":\""
					+ reached.tracker().instanceId() + "\"}}")
				.getBytes(StandardCharsets.UTF_8);
			assertThat(receiver.receive(signed("msg_2", now(), ownDelivery), ownDelivery).status()).isEqualTo(202);
			await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 1);
			assertThat(published.get(0).job().jobId()).isEqualTo(own);
		}
	}

	@Test
	void emulatorDeliveriesOverHttpEndJobsWithAboutOneRequestEach() throws Exception {
		ReactiveJobOperations operations = operations(svix());
		WebhookReceiver receiver = new WebhookReceiver(svix(), operations.tracker(), JsonMapper.shared());
		URI endpoint = startReceiver(receiver);
		emulator().webhookTarget(endpoint);
		emulator().defaultScript(JobScript.completesAfter(Duration.ofMillis(50), Duration.ofMillis(200)));
		int count = 20;
		List<Job> jobs = Flux.range(0, count)
			.flatMap((i) -> operations
				.submitAndAwait(SubmitRequest.parse("https://x.com/" + i + ".pdf").build(), Duration.ofSeconds(10)))
			.collectList()
			.block(TIMEOUT);
		assertThat(jobs).hasSize(count).allSatisfy((job) -> assertThat(job.status()).isEqualTo(JobStatus.COMPLETED));
		// A delivery is recorded when its answer comes back, which can be just after the job's end was reported.
		await().atMost(Duration.ofSeconds(5)).until(() -> emulator().webhookDeliveries().size() >= count);
		// Accepted (202), or acknowledged as already reported (200) for a job that the tracker's first look at its
		// watched jobs (one GET /jobs when they are registered) saw ended before its delivery came.
		assertThat(emulator().webhookDeliveries()).hasSize(count)
			.allSatisfy((delivery) -> assertThat(delivery.status()).isIn(200, 202))
			.extracting(WebhookDelivery::mode)
			.containsOnly("svix");
		// One result read per job; that first look is the only listing: the 30-second safety net never ran again.
		assertThat(emulator().requestCount("GET", "/job/")).isEqualTo(count);
		assertThat(emulator().requestCount("GET", "/jobs")).isLessThanOrEqualTo(1);
	}

	@Test
	void emulatorDirectDeliveriesCarryTheTokenBackAndEndJobs() throws Exception {
		URI endpoint = URI.create("http://127.0.0.1:" + freePort() + "/hook");
		ReactiveJobOperations operations = operations(direct(endpoint));
		startReceiver(endpoint.getPort(), new WebhookReceiver(direct(endpoint), operations.tracker(), JsonMapper.shared()));
		emulator().defaultScript(JobScript.completesAfter(Duration.ZERO, Duration.ofMillis(150)));
		List<Job> jobs = Flux.range(0, 5)
			.flatMap((i) -> operations
				.submitAndAwait(SubmitRequest.parse("https://x.com/" + i + ".pdf").metadata(Map.of("n", i)).build(),
						Duration.ofSeconds(10)))
			.collectList()
			.block(TIMEOUT);
		assertThat(jobs).hasSize(5).allSatisfy((job) -> assertThat(job.status()).isEqualTo(JobStatus.COMPLETED));
		await().atMost(Duration.ofSeconds(5)).until(() -> emulator().webhookDeliveries().size() >= 5);
		assertThat(emulator().webhookDeliveries()).hasSize(5).allSatisfy((delivery) -> {
			assertThat(delivery.mode()).isEqualTo("direct");
			assertThat(delivery.target()).isEqualTo(endpoint);
			assertThat(delivery.status()).isEqualTo(202);
		});
	}

	private static int freePort() throws IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private URI startReceiver(WebhookReceiver receiver) throws IOException {
		return startReceiver(0, receiver);
	}

	private URI startReceiver(int port, WebhookReceiver receiver) throws IOException {
		this.receiverServer = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
		this.receiverServer.createContext("/hook", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			WebhookReceiver.Response response = receiver.receive(exchange.getRequestHeaders(), body);
			exchange.sendResponseHeaders(response.status(), -1);
			exchange.close();
		});
		this.receiverServer.start();
		return URI.create("http://127.0.0.1:" + this.receiverServer.getAddress().getPort() + "/hook");
	}

	private static long now() {
		return Instant.now().getEpochSecond();
	}


}
