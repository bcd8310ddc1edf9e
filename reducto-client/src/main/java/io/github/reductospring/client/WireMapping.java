package io.github.reductospring.client;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobError;
import io.github.reductospring.client.model.JobPage;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.model.JobType;
import io.github.reductospring.client.model.ParseResult;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reducto's JSON to this library's model, in one place: field names, status values, dates, the computed
 * {@code completedAt}. Lenient by design: unknown fields are ignored, fields of an unexpected type read as absent;
 * only a missing {@code status} makes a job unreadable.
 */
final class WireMapping {

	/** The mapper of a client built without one of the application's: built once. */
	static final JsonMapper DEFAULT_JSON = configure(JsonMapper.builder().build());

	private WireMapping() {
	}

	/**
	 * A copy of the application's mapper with what the wire needs: snake_case names (Reducto's), unknown fields and
	 * nulls for primitives tolerated. The application's own modules and settings are kept; the original is unchanged.
	 */
	static JsonMapper configure(JsonMapper base) {
		return base.rebuild()
			.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.build();
	}

	/** A job from {@code GET /job/{id}}, which carries no id of its own. */
	static Job job(String jobId, JsonNode node) {
		return toJob(jobId, node);
	}

	/** A page from {@code GET /jobs}. */
	static JobPage page(JsonNode node) {
		JsonNode jobs = node.get("jobs");
		if (jobs == null || !jobs.isArray()) {
			throw new IllegalArgumentException("a job list needs a 'jobs' array");
		}
		List<Job> list = new ArrayList<>(jobs.size());
		for (JsonNode item : jobs) {
			String id = text(item, "job_id");
			if (id == null) {
				throw new IllegalArgumentException("a listed job has no 'job_id'");
			}
			list.add(toJob(id, item));
		}
		JsonNode cursor = node.get("next_cursor");
		if (cursor != null && !cursor.isNull() && !cursor.isString()) {
			// Read as 'no more pages', it would end a listing silently halfway.
			throw new IllegalArgumentException("'next_cursor' must be a string or null, got " + cursor.getNodeType());
		}
		return new JobPage(list, text(node, "next_cursor"));
	}

	/** The id from a submission's answer. */
	static String submittedJobId(JsonNode node) {
		String id = text(node, "job_id");
		if (id == null || id.isBlank()) {
			throw new IllegalArgumentException("a submission answer needs a 'job_id'");
		}
		return id;
	}

	static UploadedFile uploadedFile(JsonNode node) {
		String fileId = text(node, "file_id");
		if (fileId == null || fileId.isBlank()) {
			throw new IllegalArgumentException("an upload answer needs a 'file_id'");
		}
		return new UploadedFile(fileId, text(node, "presigned_url"));
	}

	/** The typed view of a full parse result ({@code {"type": "full", "chunks": [...]}}) inside its response. */
	static ParseResult parseResult(JsonMapper json, JsonNode parseResponse, JsonNode fullResult) {
		ParseResult.Usage usage = parseResponse.hasNonNull("usage")
				? json.treeToValue(parseResponse.get("usage"), ParseResult.Usage.class) : null;
		List<ParseResult.Chunk> chunks = new ArrayList<>();
		JsonNode chunkNodes = fullResult.get("chunks");
		if (chunkNodes != null && chunkNodes.isArray()) {
			for (JsonNode chunk : chunkNodes) {
				chunks.add(json.treeToValue(chunk, ParseResult.Chunk.class));
			}
		}
		return new ParseResult(text(parseResponse, "job_id"), number(parseResponse, "duration"), usage, chunks,
				text(parseResponse, "pdf_url"), text(parseResponse, "studio_link"));
	}

	private static Job toJob(String jobId, JsonNode node) {
		String rawStatus = text(node, "status");
		if (rawStatus == null) {
			throw new IllegalArgumentException("a job needs a 'status'");
		}
		JobStatus status = JobStatus.fromWire(rawStatus);
		Instant createdAt = instant(node, "created_at");
		Double seconds = number(node, "duration");
		Duration duration = (seconds != null && seconds >= 0) ? Duration.ofNanos((long) (seconds * 1_000_000_000L))
				: null;
		Instant completedAt = instant(node, "completed_at");
		if (completedAt == null && status.isTerminal() && createdAt != null && duration != null) {
			completedAt = createdAt.plus(duration);
		}
		String rawConfig = text(node, "raw_config");
		return new Job(jobId, status, rawStatus, JobType.fromWire(text(node, "type")), number(node, "progress"),
				node.hasNonNull("result") ? node.get("result") : null, error(node, status), createdAt, completedAt,
				duration, integer(node, "num_pages"), integer(node, "total_pages"),
				(rawConfig == null || rawConfig.isEmpty()) ? null : rawConfig);
	}

	private static @Nullable JobError error(JsonNode node, JobStatus status) {
		String reason = text(node, "reason");
		JsonNode error = node.get("error");
		boolean structured = error != null && error.isObject();
		String plainError = (error != null && error.isString() && !error.stringValue().isBlank()) ? error.stringValue()
				: null;
		if (plainError != null) {
			return new JobError(reason, null, null, plainError);
		}
		if (reason == null && !structured) {
			return null;
		}
		if (reason != null && !structured && status != JobStatus.FAILED) {
			// Some servers send an empty or informational reason on healthy jobs; keep it only on failures.
			return reason.isBlank() ? null : new JobError(reason, null, null, null);
		}
		return structured ? new JobError(reason, integer(error, "code"), text(error, "name"), text(error, "message"))
				: new JobError(reason, null, null, null);
	}

	static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	private static @Nullable Double number(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isNumber()) ? value.doubleValue() : null;
	}

	private static @Nullable Integer integer(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isIntegralNumber() && value.canConvertToInt()) ? value.intValue() : null;
	}

	private static @Nullable Instant instant(JsonNode node, String field) {
		String text = text(node, field);
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from,
					java.time.LocalDateTime::from);
			// A time without an offset is taken as UTC, which is what Reducto's servers run on.
			return (parsed instanceof OffsetDateTime offset) ? offset.toInstant()
					: ((java.time.LocalDateTime) parsed).toInstant(java.time.ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
