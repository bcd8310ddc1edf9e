package io.github.reductospring.emulator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What creates things: the {@code *_async} submissions and {@code POST /upload}.
 */
final class SubmissionRoutes {

	private static final Map<String, String> SUBMIT_TYPES = Map.of("/parse_async", "Parse", "/extract_async",
			"Extract", "/split_async", "Split", "/edit_async", "Edit", "/pipeline_async", "Pipeline");

	private static final Pattern FILE_PART = Pattern
		.compile("Content-Disposition: form-data; name=\"file\"(?:; filename=\"([^\"]*)\")?", Pattern.CASE_INSENSITIVE);

	private final JsonMapper json;

	private final JobStore store;

	private final WebhookDispatcher webhooks;

	private final Supplier<URI> baseUrl;

	SubmissionRoutes(JsonMapper json, JobStore store, WebhookDispatcher webhooks, Supplier<URI> baseUrl) {
		this.json = json;
		this.store = store;
		this.webhooks = webhooks;
		this.baseUrl = baseUrl;
	}

	/** The answer, or {@code null} when the request is not for these routes. */
	@Nullable Answer route(EmulatorRequest request) {
		if (!request.method().equals("POST")) {
			return null;
		}
		String type = SUBMIT_TYPES.get(request.rawPath());
		if (type != null) {
			return submit(type, request.body());
		}
		return request.rawPath().equals("/upload") ? upload(request) : null;
	}

	private Answer submit(String type, byte[] body) {
		JsonNode request;
		try {
			request = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			return Answer.validationError(this.json, List.of("body"), "JSON decode error", "json_invalid", null);
		}
		if (request == null || !request.isObject()) {
			return Answer.validationError(this.json, List.of("body"), "Input should be a valid dictionary", "dict_type",
					null);
		}
		// Edit jobs name their document and options differently, with the webhook (and its metadata) at the top.
		String documentField = type.equals("Edit") ? "document_url" : "input";
		JsonNode input = request.get(documentField);
		if (input == null || !(input.isString() || input.isArray() || (input.isObject() && input.has("file_id")))) {
			return Answer.validationError(this.json, List.of("body", documentField), "Field required", "missing", null);
		}
		String required = switch (type) {
			case "Split" -> "split_description";
			case "Edit" -> "edit_instructions";
			case "Pipeline" -> "pipeline_id";
			default -> null;
		};
		if (required != null && !request.hasNonNull(required)) {
			return Answer.validationError(this.json, List.of("body", required), "Field required", "missing", null);
		}
		JsonNode async = type.equals("Edit") ? editAsyncOptions(request) : request.get("async");
		EmulatedJob job = this.store.submit(type, new String(body, StandardCharsets.UTF_8), async);
		this.webhooks.watch(job);
		ObjectNode answer = this.json.createObjectNode();
		answer.put("job_id", job.id);
		return Answer.json(this.json, 200, answer);
	}

	/** An edit's top-level webhook in the shape the other submissions' {@code async} has. */
	private @Nullable JsonNode editAsyncOptions(JsonNode request) {
		JsonNode webhook = request.get("webhook");
		if (webhook == null || !webhook.isObject()) {
			return null;
		}
		ObjectNode async = this.json.createObjectNode();
		if (webhook.has("metadata")) {
			async.set("metadata", webhook.get("metadata"));
		}
		if (!webhook.path("mode").asString("disabled").equals("disabled")) {
			ObjectNode hook = ((ObjectNode) webhook).deepCopy();
			hook.remove("metadata");
			async.set("webhook", hook);
		}
		return async;
	}

	private Answer upload(EmulatorRequest request) {
		String contentType = Objects.requireNonNullElse(request.header("Content-Type"), "");
		String fileId = "reducto://" + UUID.randomUUID();
		ObjectNode answer = this.json.createObjectNode();
		if (contentType.startsWith("multipart/form-data")) {
			Matcher part = FILE_PART.matcher(new String(request.body(), StandardCharsets.ISO_8859_1));
			if (!part.find()) {
				return Answer.validationError(this.json, List.of("body", "file"), "Field required", "missing", null);
			}
			String filename = part.group(1);
			int dot = (filename != null) ? filename.lastIndexOf('.') : -1;
			answer.put("file_id", (dot >= 0) ? fileId + filename.substring(dot) : fileId);
			answer.putNull("presigned_url");
		}
		else {
			// Without a file Reducto hands out a presigned URL for large uploads: PUT the bytes there, then submit file_id.
			answer.put("file_id", fileId);
			answer.put("presigned_url",
					this.baseUrl.get() + EmulatorRoutes.UPLOADS_PATH + fileId.substring("reducto://".length()));
		}
		return Answer.json(this.json, 200, answer);
	}

}
