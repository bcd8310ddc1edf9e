package io.github.reductospring.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ReductoEmulator}, over plain HTTP with the JDK client.
 */
class ReductoEmulatorTests {

	@RegisterExtension
	static ReductoEmulatorExtension reducto = new ReductoEmulatorExtension(
			ReductoEmulator.builder().clock(EmulatorClock.manual(Instant.parse("2026-01-01T00:00:00Z"))));

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void rejectsRequestsWithoutTheApiKey() throws Exception {
		HttpResponse<String> response = send("GET", "/jobs", null, null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("x-request-id")).isPresent();
		assertThat(send("GET", "/jobs", null, "wrong").statusCode()).isEqualTo(401);
	}

	@Test
	void jobFollowsItsScriptOnTheClock() throws Exception {
		ReductoEmulator emulator = reducto.emulator();
		emulator.scriptNextJobs(JobScript.completesAfter(Duration.ofSeconds(1), Duration.ofSeconds(2)));
		String jobId = body(send("POST", "/parse_async", "{\"input\":\"https://example.com/a.pdf\"}", key()))
			.get("job_id").asString();
		assertThat(body(send("GET", "/job/" + jobId, null, key())).get("status").asString()).isEqualTo("Pending");
		emulator.clock().advance(Duration.ofMillis(1500));
		JsonNode running = body(send("GET", "/job/" + jobId, null, key()));
		assertThat(running.get("status").asString()).isEqualTo("Pending");
		assertThat(running.get("progress").asDouble()).isEqualTo(0.25);
		assertThat(emulator.listStatus(jobId)).contains("InProgress");
		emulator.clock().advance(Duration.ofSeconds(2));
		JsonNode done = body(send("GET", "/job/" + jobId, null, key()));
		assertThat(done.get("status").asString()).isEqualTo("Completed");
		assertThat(done.get("duration").asDouble()).isEqualTo(3.0);
		assertThat(done.at("/result/result/chunks")).hasSize(2);
	}

	@Test
	void listsNewestFirstInCursorPages() throws Exception {
		List<String> ids = reducto.emulator().seedJobs(5, "Parse", JobScript.completesImmediately());
		List<String> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			JsonNode page = body(send("GET", "/jobs?limit=2" + ((cursor != null) ? "&cursor=" + cursor : ""), null,
					key()));
			page.get("jobs").forEach((job) -> seen.add(job.get("job_id").asString()));
			cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asString();
			pages++;
		}
		while (cursor != null);
		assertThat(pages).isEqualTo(3);
		assertThat(seen).containsExactlyElementsOf(reversed(ids));
	}

	@Test
	void refusesALimitOutOfRange() throws Exception {
		HttpResponse<String> response = send("GET", "/jobs?limit=501", null, key());
		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(this.json.readTree(response.body()).at("/detail/0/loc/1").asString()).isEqualTo("limit");
	}

	@Test
	void cancelsOnlyUnfinishedJobs() throws Exception {
		ReductoEmulator emulator = reducto.emulator();
		String pending = emulator.seedJob("Parse", JobScript.staysPending());
		String done = emulator.seedJob("Parse", JobScript.completesImmediately());
		assertThat(send("POST", "/cancel/" + pending, null, key()).statusCode()).isEqualTo(200);
		assertThat(send("POST", "/cancel/" + done, null, key()).statusCode()).isEqualTo(200);
		assertThat(emulator.listStatus(pending)).contains("Cancelled");
		assertThat(emulator.listStatus(done)).contains("Completed");
		assertThat(send("POST", "/cancel/nope", null, key()).statusCode()).isEqualTo(404);
	}

	@Test
	void injectedFaultsApplyToMatchingRequestsOnly() throws Exception {
		ReductoEmulator emulator = reducto.emulator();
		emulator.injectFault(Fault.rateLimited("2").on("GET", "/jobs").times(2));
		assertThat(send("POST", "/parse_async", "{\"input\":\"x\"}", key()).statusCode()).isEqualTo(200);
		HttpResponse<String> limited = send("GET", "/jobs", null, key());
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("retry-after")).contains("2");
		assertThat(send("GET", "/jobs", null, key()).statusCode()).isEqualTo(429);
		assertThat(send("GET", "/jobs", null, key()).statusCode()).isEqualTo(200);
	}

	@Test
	void truncatedBodyEndsTheConnection() {
		reducto.emulator().injectFault(Fault.truncatedBody());
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> send("GET", "/jobs", null, key()));
	}

	@Test
	void aDelayedAnswerIsWorkedOutAfterTheDelay() throws Exception {
		ReductoEmulator emulator = reducto.emulator();
		String id = emulator.seedJob("Parse", JobScript.completesAfter(Duration.ofMinutes(1), Duration.ZERO));
		emulator.injectFault(Fault.delay(Duration.ofSeconds(2)).on("GET", "/job/"));
		var answer = this.http.sendAsync(request("GET", "/job/" + id, null, key()), HttpResponse.BodyHandlers.ofString());
		// Pending when asked; the job ends while the slow server holds the answer back, and the answer says so.
		await().atMost(Duration.ofSeconds(2)).until(() -> emulator.requestCount("GET", "/job/") == 1);
		emulator.clock().advance(Duration.ofMinutes(2));
		assertThat(body(answer.get()).get("status").asString()).isEqualTo("Completed");
	}

	@Test
	void aDroppedConnectionGetsNoAnswer() {
		// The JDK client tries an idempotent request again on a closed connection: drop it every time.
		reducto.emulator().injectFault(Fault.disconnect().on("GET", "/jobs").times(5));
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> send("GET", "/jobs", null, key()));
	}

	@Test
	void runningAnEmulatorChangesNoSystemProperty() {
		java.util.Properties before = (java.util.Properties) System.getProperties().clone();
		try (ReductoEmulator another = ReductoEmulator.builder().build().start()) {
			assertThat(another.port()).isPositive();
		}
		assertThat(System.getProperties()).isEqualTo(before);
	}

	private static List<String> reversed(List<String> ids) {
		List<String> copy = new ArrayList<>(ids);
		java.util.Collections.reverse(copy);
		return copy;
	}

	private String key() {
		return reducto.emulator().apiKey();
	}

	private HttpResponse<String> send(String method, String path, String body, String apiKey)
			throws IOException, InterruptedException {
		return this.http.send(request(method, path, body, apiKey), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest request(String method, String path, String body, String apiKey) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(reducto.emulator().baseUrl() + path))
			.timeout(Duration.ofSeconds(5))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		if (apiKey != null) {
			request.header("Authorization", "Bearer " + apiKey);
		}
		return request.build();
	}

	private JsonNode body(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

}
