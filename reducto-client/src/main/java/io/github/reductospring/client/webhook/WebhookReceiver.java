package io.github.reductospring.client.webhook;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.reductospring.client.tracking.JobTracker;
import io.github.reductospring.client.tracking.TrackingSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a webhook delivery and hands its job to the {@link JobTracker}. Framework-neutral: the Spring MVC and
 * WebFlux endpoints pass headers and the raw body bytes, and answer what this returns.
 * <ul>
 * <li>Svix mode: {@code svix-id}, {@code svix-timestamp} and {@code svix-signature} (or their {@code webhook-*}
 * twins) must be present and verify against the signing secret, over the raw body, within five minutes.</li>
 * <li>Direct mode: the body's {@code metadata} must carry this application's token.</li>
 * <li>A delivery id seen before is acknowledged but not processed again.</li>
 * <li>A job of this application (watched, registered, or tagged with its {@link TrackingSettings#applicationId()})
 * is accepted (202) and followed to its end, whether or not anything waits for it; another application's job is
 * acknowledged (200) and ignored. A validly signed delivery is never answered 404: senders retry those for hours
 * and then disable the endpoint.</li>
 * </ul>
 */
public final class WebhookReceiver {

	private static final int REMEMBERED_DELIVERIES = 100_000;

	private final WebhookSettings settings;

	private final Supplier<JobTracker> tracker;

	private final @Nullable Webhook verifier;

	private final JsonMapper json;

	private final RecentlySeen seenDeliveries = new RecentlySeen(REMEMBERED_DELIVERIES);

	private static final Log logger = LogFactory.getLog(WebhookReceiver.class);

	private static final long REJECTION_WARNING_INTERVAL_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);

	private final Map<Outcome, LongAdder> deliveries = new EnumMap<>(Outcome.class);

	private final AtomicLong nextRejectionWarning = new AtomicLong(System.nanoTime());

	private final LongAdder rejectionsNotLogged = new LongAdder();

	/**
	 * A receiver for deliveries to this application.
	 * @param settings the mode and its secret
	 * @param tracker the tracker told about each delivered job
	 * @param json the mapper that reads delivery bodies (the application's)
	 */
	public WebhookReceiver(WebhookSettings settings, JobTracker tracker, JsonMapper json) {
		this(settings, () -> tracker, json);
	}

	/**
	 * A receiver for deliveries to this application, over a tracker asked for at each delivery: for a tracker made on
	 * first use (the Spring Boot starter's), which the receiver should not make at startup.
	 * @param settings the mode and its secret
	 * @param tracker gives the tracker told about each delivered job
	 * @param json the mapper that reads delivery bodies (the application's)
	 */
	public WebhookReceiver(WebhookSettings settings, Supplier<JobTracker> tracker, JsonMapper json) {
		this.settings = settings;
		this.tracker = tracker;
		this.json = json;
		this.verifier = (settings.mode() == WebhookSettings.Mode.SVIX) ? new Webhook(settings.signingSecret()) : null;
		for (Outcome outcome : Outcome.values()) {
			this.deliveries.put(outcome, new LongAdder());
		}
	}

	/** The largest body this receiver accepts, for endpoints that read bodies up to a limit. */
	public int maxBodyBytes() {
		return this.settings.maxBodyBytes();
	}

	/**
	 * Checks and processes one delivery.
	 * @param headers the request headers (names in any case)
	 * @param body the raw body bytes, exactly as received
	 * @return what to answer
	 */
	public Response receive(Map<String, List<String>> headers, byte[] body) {
		Response response = decide(headers, body);
		count(response);
		return response;
	}

	/**
	 * A delivery an endpoint refused before handing it over (too large, unreadable): counted like the receiver's own
	 * refusals.
	 * @param status the HTTP status to answer
	 * @param reason a short reason, for the sender's logs
	 * @return the answer
	 */
	public Response refused(int status, String reason) {
		Response response = new Response(status, reason);
		count(response);
		return response;
	}

	private void count(Response response) {
		this.deliveries.get(response.outcome()).increment();
		if (response.outcome() == Outcome.REJECTED) {
			warnOfRejection(response);
		}
	}

	/**
	 * A refused delivery is logged at WARN, at most once a minute with the number refused since: a wrong signing
	 * secret or a proxy that rewrites bodies refuses every delivery, silently otherwise. The reasons name what
	 * failed, never a secret or a signature.
	 */
	private void warnOfRejection(Response response) {
		long now = System.nanoTime();
		long due = this.nextRejectionWarning.get();
		if (now - due < 0 || !this.nextRejectionWarning.compareAndSet(due, now + REJECTION_WARNING_INTERVAL_NANOS)) {
			this.rejectionsNotLogged.increment();
			return;
		}
		long unlogged = this.rejectionsNotLogged.sumThenReset();
		logger.warn("Refused a Reducto webhook delivery (" + response.status() + ": " + response.message() + ")"
				+ ((unlogged > 0) ? "; " + unlogged + " more refused since the last warning" : "")
				+ ". Jobs whose deliveries are refused are still tracked, by polling, late. Counted in "
				+ "reducto.webhook.deliveries{outcome=rejected}.");
	}

	/** How many deliveries were answered, by outcome, since this receiver was created. */
	public Map<Outcome, Long> deliveries() {
		Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
		this.deliveries.forEach((outcome, count) -> counts.put(outcome, count.sum()));
		return counts;
	}

	private Response decide(Map<String, List<String>> headers, byte[] body) {
		if (body.length > this.settings.maxBodyBytes()) {
			return new Response(413, "delivery body larger than " + this.settings.maxBodyBytes() + " bytes");
		}
		String payload;
		try {
			payload = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(java.nio.ByteBuffer.wrap(body))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return new Response(400, "delivery body is not UTF-8");
		}
		String deliveryId = null;
		if (this.verifier != null) {
			deliveryId = first(headers, "svix-id", "webhook-id");
			String timestamp = first(headers, "svix-timestamp", "webhook-timestamp");
			String signature = first(headers, "svix-signature", "webhook-signature");
			if (deliveryId == null || timestamp == null || signature == null) {
				return new Response(400, "missing svix-id, svix-timestamp or svix-signature header");
			}
			try {
				this.verifier.verify(payload, Map.of("webhook-id", List.of(deliveryId), "webhook-timestamp",
						List.of(timestamp), "webhook-signature", List.of(signature)));
			}
			catch (WebhookVerificationException ex) {
				return new Response(401, "signature check failed: " + ex.getMessage());
			}
		}
		JsonNode delivery;
		try {
			delivery = this.json.readTree(payload);
		}
		catch (JacksonException ex) {
			return new Response(400, "delivery body is not JSON");
		}
		JsonNode jobId = (delivery != null) ? delivery.get("job_id") : null;
		if (jobId == null || !jobId.isString() || jobId.stringValue().isBlank()) {
			return new Response(400, "delivery has no job_id");
		}
		if (this.settings.mode() == WebhookSettings.Mode.DIRECT && !carriesToken(delivery)) {
			return new Response(401, "delivery does not carry this application's token");
		}
		if (deliveryId != null && !this.seenDeliveries.add(deliveryId)) {
			return new Response(200, "duplicate delivery " + deliveryId + ", already processed", Outcome.DUPLICATE);
		}
		String applicationTag = metadataText(delivery, TrackingSettings.APPLICATION_METADATA_KEY);
		String instanceTag = metadataText(delivery, TrackingSettings.INSTANCE_METADATA_KEY);
		return switch (this.tracker.get().onWebhook(jobId.stringValue(), applicationTag, instanceTag)) {
			case TRACKED -> new Response(202, "accepted", Outcome.ACCEPTED);
			case ALREADY_REPORTED -> new Response(200, "job already reported", Outcome.ALREADY_REPORTED);
			// Acknowledged, or the sender would retry for hours and then disable the endpoint.
			case NOT_THIS_APPLICATION ->
				new Response(200, "not a job of this application, ignored", Outcome.OTHER_APPLICATION);
			case OTHER_INSTANCE -> new Response(200, "a job another instance submitted, left to it: this instance's "
					+ "in-memory job store does not share jobs (reducto.tracking.store=jdbc does)",
					Outcome.OTHER_INSTANCE);
			case RETRY_LATER -> {
				// Let the redelivery through: another instance, or this one later, will take it.
				if (deliveryId != null) {
					this.seenDeliveries.remove(deliveryId);
				}
				yield new Response(503, "shutting down or registry unavailable, deliver again later", Outcome.RETRY_LATER);
			}
		};
	}

	private static @Nullable String metadataText(JsonNode delivery, String key) {
		JsonNode value = delivery.path("metadata").get(key);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	private boolean carriesToken(JsonNode delivery) {
		JsonNode token = delivery.path("metadata").get(WebhookSettings.TOKEN_METADATA_KEY);
		String expected = this.settings.directToken();
		return token != null && token.isString() && expected != null && MessageDigest
			.isEqual(token.stringValue().getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
	}

	private static @Nullable String first(Map<String, List<String>> headers, String... names) {
		for (String name : names) {
			for (Map.Entry<String, List<String>> header : headers.entrySet()) {
				if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
					return header.getValue().get(0);
				}
			}
		}
		return null;
	}

	/**
	 * What to answer a webhook delivery.
	 *
	 * @param status the HTTP status
	 * @param message a short reason, for the sender's logs
	 */
	public record Response(int status, String message, Outcome outcome) {

		/** A refusal: the delivery is not processed. */
		public Response(int status, String message) {
			this(status, message, Outcome.REJECTED);
		}

		/** Whether the delivery is acknowledged. */
		public boolean accepted() {
			return this.status >= 200 && this.status < 300;
		}


	}

	/** What became of a delivery. */
	public enum Outcome {

		/** A job of this application: followed to its end. */
		ACCEPTED,

		/** A delivery id seen before: acknowledged, not processed again. */
		DUPLICATE,

		/** The job's end was reported already. */
		ALREADY_REPORTED,

		/** Another application's job: acknowledged and ignored. */
		OTHER_APPLICATION,

		/**
		 * This application's job, submitted by another instance, on the in-memory store: acknowledged and left to that
		 * instance.
		 */
		OTHER_INSTANCE,

		/** Refused: bad signature, stale, too big, malformed, or without the direct-mode token. */
		REJECTED,

		/** The tracker is stopping or its registry cannot be reached: refused (503) for the sender to deliver again. */
		RETRY_LATER;

		/** The outcome as a metric tag value: {@code other-application}. */
		public String tag() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

}
