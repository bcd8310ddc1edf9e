package io.github.reductospring.emulator;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The job endpoints: {@code GET /job/{id}}, {@code DELETE /job/{id}}, {@code GET /jobs} and
 * {@code POST /cancel/{id}}, with jobs in the API's wire shapes.
 */
final class JobRoutes {

	static final Pattern JOB_PATH = Pattern.compile("^/job/([^/]+)$");

	static final Pattern CANCEL_PATH = Pattern.compile("^/cancel/([^/]+)$");

	private final JsonMapper json;

	private final JobStore store;

	private final Supplier<URI> baseUrl;

	JobRoutes(JsonMapper json, JobStore store, Supplier<URI> baseUrl) {
		this.json = json;
		this.store = store;
		this.baseUrl = baseUrl;
	}

	/** The answer, or {@code null} when the request is not for these routes. */
	@Nullable Answer route(EmulatorRequest request) {
		Matcher job = JOB_PATH.matcher(request.rawPath());
		if (job.matches() && request.method().equals("GET")) {
			return getJob(EmulatorRequest.decodeSegment(job.group(1)));
		}
		if (job.matches() && request.method().equals("DELETE")) {
			return deleteJob(EmulatorRequest.decodeSegment(job.group(1)));
		}
		if (request.is("GET", "/jobs")) {
			return listJobs(request.query());
		}
		Matcher cancel = CANCEL_PATH.matcher(request.rawPath());
		if (cancel.matches() && request.method().equals("POST")) {
			return cancelJob(EmulatorRequest.decodeSegment(cancel.group(1)));
		}
		return null;
	}

	private Answer getJob(String jobId) {
		EmulatedJob job = this.store.find(jobId);
		if (job == null) {
			return Answer.detail(this.json, 404, "Job not found");
		}
		Answer deleted = deletedAnswer(job);
		if (deleted != null) {
			return deleted;
		}
		Instant now = this.store.now();
		EmulatedJob.Stage stage = job.stage(now);
		ObjectNode node = this.json.createObjectNode();
		node.put("status", stage.getValue());
		if (stage == EmulatedJob.Stage.IN_PROGRESS) {
			node.put("progress", job.progress(now));
		}
		else {
			node.putNull("progress");
		}
		if (stage == EmulatedJob.Stage.FAILED) {
			String reason = Objects.requireNonNullElse(job.script.failureReason(), "Document could not be processed");
			node.put("reason", reason);
			ObjectNode error = node.putObject("error");
			error.put("code", 422);
			error.put("name", "DOCUMENT_CORRUPT");
			error.put("message", reason);
			error.put("job_id", job.id);
		}
		else {
			node.putNull("reason");
		}
		if (stage == EmulatedJob.Stage.COMPLETED) {
			node.set("result", ResultShapes.result(this.json, job, this.baseUrl.get()));
		}
		else {
			node.putNull("result");
		}
		putCommonFields(node, job, stage, now);
		node.put("raw_config", job.rawConfig);
		return Answer.json(this.json, 200, node);
	}

	private void putCommonFields(ObjectNode node, EmulatedJob job, EmulatedJob.Stage stage, Instant now) {
		node.put("type", job.type);
		int pages = job.script.pages();
		if (stage.terminal) {
			node.put("num_pages", (stage == EmulatedJob.Stage.COMPLETED) ? pages : 0);
			node.put("duration", Duration.between(job.createdAt, job.endedAt()).toMillis() / 1000.0);
		}
		else {
			node.put("num_pages", (int) Math.floor(job.progress(now) * pages));
			node.putNull("duration");
		}
		node.put("total_pages", pages);
		node.put("created_at", DateTimeFormatter.ISO_INSTANT.format(job.createdAt));
		node.putNull("source");
		node.putNull("bucket");
	}

	private Answer listJobs(Map<String, String> query) {
		int limit = 100;
		String limitValue = query.get("limit");
		if (limitValue != null) {
			try {
				limit = Integer.parseInt(limitValue);
			}
			catch (NumberFormatException ex) {
				return Answer.validationError(this.json, List.of("query", "limit"),
						"Input should be a valid integer, unable to parse string as an integer", "int_parsing",
						limitValue);
			}
			if (limit < 1 || limit > 500) {
				return Answer.validationError(this.json, List.of("query", "limit"),
						(limit < 1) ? "Input should be greater than or equal to 1"
								: "Input should be less than or equal to 500",
						(limit < 1) ? "greater_than_equal" : "less_than_equal", limitValue);
			}
		}
		boolean excludeConfigs = Boolean.parseBoolean(query.getOrDefault("exclude_configs", "false"));
		String cursor = query.get("cursor");
		JobStore.Page page = this.store.page(cursor, limit);
		if (page == null) {
			return Answer.validationError(this.json, List.of("query", "cursor"), "Invalid cursor", "value_error",
					cursor);
		}
		Instant now = this.store.now();
		ObjectNode node = this.json.createObjectNode();
		ArrayNode array = node.putArray("jobs");
		for (EmulatedJob job : page.jobs()) {
			EmulatedJob.Stage stage = job.stage(now);
			ObjectNode item = array.addObject();
			item.put("job_id", job.id);
			item.put("status", stage.listValue);
			putCommonFields(item, job, stage, now);
			// The spec requires raw_config; with exclude_configs the emulator sends it empty.
			item.put("raw_config", excludeConfigs ? "" : job.rawConfig);
		}
		if (page.nextCursor() != null) {
			node.put("next_cursor", page.nextCursor());
		}
		else {
			node.putNull("next_cursor");
		}
		return Answer.json(this.json, 200, node);
	}

	/** DELETE /job/{id}: 202, then reads answer 409 while artifacts go and 410 afterwards; twice is harmless. */
	private Answer deleteJob(String jobId) {
		EmulatedJob job = this.store.find(jobId);
		if (job == null) {
			return Answer.detail(this.json, 404, "Job not found");
		}
		this.store.delete(job);
		ObjectNode answer = this.json.createObjectNode();
		answer.put("job_id", job.id);
		return Answer.json(this.json, 202, answer);
	}

	private @Nullable Answer deletedAnswer(EmulatedJob job) {
		Instant deleted = job.deletedAt();
		if (deleted == null) {
			return null;
		}
		boolean inProgress = this.store.isBeingDeleted(deleted);
		ObjectNode node = this.json.createObjectNode();
		ObjectNode error = node.putObject("error");
		error.put("code", inProgress ? 409 : 410);
		error.put("name", inProgress ? "JOB_DELETION_IN_PROGRESS" : "JOB_DELETED");
		error.put("message", inProgress ? "The job is being deleted" : "The job was deleted");
		error.put("job_id", job.id);
		return Answer.json(this.json, inProgress ? 409 : 410, node);
	}

	private Answer cancelJob(String jobId) {
		EmulatedJob job = this.store.find(jobId);
		if (job == null) {
			return Answer.detail(this.json, 404, "Job not found");
		}
		// "A job that is already done or failed is not changed": the call succeeds either way.
		job.cancel(this.store.now());
		return Answer.json(this.json, 200, this.json.nullNode());
	}

}
