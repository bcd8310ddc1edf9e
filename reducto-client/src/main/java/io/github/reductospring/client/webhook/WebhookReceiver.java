package io.github.reductospring.client.webhook;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import org.jspecify.annotations.Nullable;

import io.github.reductospring.client.tracking.JobTracker;
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
 * <li>A job the tracker does not know is refused (404), so no event is raised for it.</li>
 * </ul>
 */
public final class WebhookReceiver {

	private static final int REMEMBERED_DELIVERIES = 100_000;

	private final WebhookSettings settings;

	private final JobTracker tracker;

	private final @Nullable Webhook verifier;

	private final JsonMapper json;

	private final RecentlySeen seenDeliveries = new RecentlySeen(REMEMBERED_DELIVERIES);

	/**
	 * A receiver for deliveries to this application.
	 * @param settings the mode and its secret
	 * @param tracker the tracker told about each delivered job
	 * @param json the mapper that reads delivery bodies (the application's)
	 */
	public WebhookReceiver(WebhookSettings settings, JobTracker tracker, JsonMapper json) {
		this.settings = settings;
		this.tracker = tracker;
		this.json = json;
		this.verifier = (settings.mode() == WebhookSettings.Mode.SVIX) ? new Webhook(settings.signingSecret()) : null;
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
			return new Response(200, "duplicate delivery " + deliveryId + ", already processed");
		}
		return switch (this.tracker.onWebhook(jobId.stringValue())) {
			case TRACKED -> new Response(202, "accepted");
			case ALREADY_REPORTED -> new Response(200, "job already reported");
			case UNKNOWN -> {
				// Let a later redelivery through: the job may be tracked by then.
				if (deliveryId != null) {
					this.seenDeliveries.remove(deliveryId);
				}
				yield new Response(404, "unknown job");
			}
		};
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
	public record Response(int status, String message) {

		/** Whether the delivery is acknowledged. */
		public boolean accepted() {
			return this.status >= 200 && this.status < 300;
		}

	}

}
