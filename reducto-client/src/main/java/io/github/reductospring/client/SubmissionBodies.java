package io.github.reductospring.client;

import java.util.Objects;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.github.reductospring.client.model.JobType;
import io.github.reductospring.client.tracking.TrackingSettings;
import io.github.reductospring.client.webhook.WebhookSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of an {@code *_async} submission. Without a webhook of its own, a request gets the application's
 * configured one; a direct webhook to this application's receiver carries the token the receiver checks. Every
 * submission carries the application's tag in its metadata, so that its webhooks are recognised on any instance.
 */
final class SubmissionBodies {

	/** The pipeline's mapper, asked for when a body is written: it is built on first use. */
	private final Supplier<JsonMapper> json;

	private final @Nullable WebhookSettings configured;

	private final String applicationId;

	private final String instanceId;

	SubmissionBodies(Supplier<JsonMapper> json, @Nullable WebhookSettings configured, String applicationId,
			String instanceId) {
		this.json = json;
		this.configured = configured;
		this.applicationId = applicationId;
		this.instanceId = instanceId;
	}

	byte[] body(SubmitRequest request) {
		return this.json.get().writeValueAsBytes(tree(request));
	}

	ObjectNode tree(SubmitRequest request) {
		JsonMapper json = this.json.get();
		ObjectNode body = json.createObjectNode();
		boolean edit = request.type() == JobType.EDIT;
		// Edit jobs (AsyncEditConfig) name the document document_url and keep priority and the webhook, with its
		// metadata, at the top level; the others (V3 configs) keep them under async.
		body.put(edit ? "document_url" : "input", request.input());
		ObjectNode async = edit ? body : body.putObject("async");
		async.put("priority", request.priority());
		JsonNode metadata = (request.metadata() != null) ? json.valueToTree(request.metadata()) : null;
		Webhook webhook = request.webhook();
		WebhookSettings configured = this.configured;
		if (webhook == null && configured != null) {
			webhook = (configured.mode() == WebhookSettings.Mode.DIRECT) ? Webhook.direct(Objects.requireNonNull(configured.url()))
					: Webhook.svix(configured.channels().toArray(String[]::new));
		}
		if (metadata != null && !metadata.isObject()) {
			throw new IllegalArgumentException("Job metadata must be a JSON object (a Map), so that it can carry this "
					+ "application's tag (" + TrackingSettings.APPLICATION_METADATA_KEY + ") back in webhooks; got "
					+ metadata.getNodeType() + ". Put the value under a key of your own.");
		}
		ObjectNode tagged = (metadata != null) ? ((ObjectNode) metadata).deepCopy() : json.createObjectNode();
		tagged.put(TrackingSettings.APPLICATION_METADATA_KEY, this.applicationId);
		tagged.put(TrackingSettings.INSTANCE_METADATA_KEY, this.instanceId);
		if (webhook != null && configured != null && configured.mode() == WebhookSettings.Mode.DIRECT
				&& webhook.mode().equals("direct") && Objects.equals(webhook.url(), configured.url())) {
			tagged.put(WebhookSettings.TOKEN_METADATA_KEY, configured.directToken());
		}
		if (edit) {
			ObjectNode hook = body.putObject("webhook");
			hook.put("mode", (webhook != null) ? webhook.mode() : "disabled");
			hook.set("metadata", tagged);
			if (webhook != null && webhook.url() != null) {
				hook.put("url", webhook.url().toString());
			}
			if (webhook != null && !webhook.channels().isEmpty()) {
				webhook.channels().forEach(hook.putArray("channels")::add);
			}
			request.options().forEach((name, value) -> body.set(name, json.valueToTree(value)));
			return body;
		}
		async.set("metadata", tagged);
		if (webhook != null) {
			ObjectNode hook = async.putObject("webhook");
			hook.put("mode", webhook.mode());
			if (webhook.url() != null) {
				hook.put("url", webhook.url().toString());
			}
			if (!webhook.channels().isEmpty()) {
				webhook.channels().forEach(hook.putArray("channels")::add);
			}
		}
		request.options().forEach((name, value) -> body.set(name, json.valueToTree(value)));
		return body;
	}

}
