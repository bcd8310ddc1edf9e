package io.github.reductospring.emulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Webhook deliveries when jobs end, as Reducto makes them: Svix-signed to the configured endpoint, or unsigned to a
 * job's direct URL; failed deliveries are retried a few times. Cancelled jobs send none.
 */
final class WebhookDispatcher {

	private final JsonMapper json;

	private final EmulatorClock clock;

	private final String signingSecret;

	private final ConcurrentLinkedQueue<EmulatedJob> pending = new ConcurrentLinkedQueue<>();

	private final List<WebhookDelivery> deliveries = Collections.synchronizedList(new ArrayList<>());

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private volatile @Nullable URI target;

	private @Nullable ScheduledExecutorService loop;

	WebhookDispatcher(JsonMapper json, EmulatorClock clock, String signingSecret, @Nullable URI target) {
		this.json = json;
		this.clock = clock;
		this.signingSecret = signingSecret;
		this.target = target;
	}

	synchronized void start(ThreadFactory threads) {
		if (this.loop == null) {
			ScheduledExecutorService deliveriesLoop = Executors.newSingleThreadScheduledExecutor(threads);
			deliveriesLoop.scheduleWithFixedDelay(this::deliverDue, 25, 25, TimeUnit.MILLISECONDS);
			this.loop = deliveriesLoop;
		}
	}

	synchronized void stop() {
		if (this.loop != null) {
			this.loop.shutdownNow();
			this.loop = null;
		}
	}

	/** Delivers this job's end, if it asked for a webhook. */
	void watch(EmulatedJob job) {
		if (job.asyncOptions != null && job.asyncOptions.path("webhook").isObject()) {
			this.pending.add(job);
		}
	}

	void target(@Nullable URI target) {
		this.target = target;
	}

	String signingSecret() {
		return this.signingSecret;
	}

	List<WebhookDelivery> deliveries() {
		synchronized (this.deliveries) {
			return List.copyOf(this.deliveries);
		}
	}

	void reset() {
		this.pending.clear();
		this.deliveries.clear();
	}

	private void deliverDue() {
		Instant now = this.clock.instant();
		for (EmulatedJob job : this.pending) {
			EmulatedJob.Stage stage = job.stage(now);
			if (stage.terminal && this.pending.remove(job) && stage != EmulatedJob.Stage.CANCELLED) {
				deliver(job, stage, "msg_" + UUID.randomUUID(), 1);
			}
		}
	}

	private void deliver(EmulatedJob job, EmulatedJob.Stage stage, String deliveryId, int attempt) {
		JsonNode hook = job.asyncOptions.path("webhook");
		String mode = hook.path("mode").asString("svix");
		URI to = mode.equals("direct") ? URI.create(hook.path("url").asString()) : this.target;
		if (to == null) {
			return; // no Svix endpoint configured: Reducto would deliver nowhere either
		}
		ObjectNode payload = this.json.createObjectNode();
		payload.put("status", stage.listValue);
		payload.put("job_id", job.id);
		JsonNode metadata = job.asyncOptions.get("metadata");
		payload.set("metadata", (metadata != null) ? metadata : this.json.nullNode());
		byte[] body = this.json.writeValueAsBytes(payload);
		HttpRequest.Builder request = HttpRequest.newBuilder(to)
			.timeout(Duration.ofSeconds(5))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (mode.equals("svix")) {
			long timestamp = this.clock.instant().getEpochSecond();
			request.header("svix-id", deliveryId)
				.header("svix-timestamp", Long.toString(timestamp))
				.header("svix-signature", SvixSigner.sign(this.signingSecret, deliveryId, timestamp, body));
		}
		this.client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
			.whenComplete((response, failure) -> {
				int status = (response != null) ? response.statusCode() : 0;
				this.deliveries.add(new WebhookDelivery(job.id, mode, to, deliveryId, status, attempt));
				retryIfFailed(job, stage, deliveryId, attempt, status);
			});
	}

	/** Like Svix and Reducto's direct mode: failed deliveries are retried a few times. */
	private synchronized void retryIfFailed(EmulatedJob job, EmulatedJob.Stage stage, String deliveryId, int attempt,
			int status) {
		ScheduledExecutorService scheduler = this.loop;
		if ((status < 200 || status >= 300) && attempt < 3 && scheduler != null) {
			scheduler.schedule(() -> deliver(job, stage, deliveryId, attempt + 1), 200L * attempt,
					TimeUnit.MILLISECONDS);
		}
	}

}
