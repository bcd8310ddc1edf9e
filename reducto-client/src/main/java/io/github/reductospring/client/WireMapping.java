package io.github.reductospring.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.reductospring.client.model.EditResult;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobError;
import io.github.reductospring.client.model.JobPage;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.model.JobType;
import io.github.reductospring.client.model.ParseResult;
import io.github.reductospring.client.model.PipelineResult;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reducto's JSON to this library's model, in one place: field names, status values, dates, the computed
 * {@code completedAt}. Lenient by design: unknown fields are ignored, fields of an unexpected type read as absent;
 * only a missing {@code status} makes a job unreadable. Jobs and pages are read straight from the parser, the only
 * tree built being a job's {@code result}: decoding is most of what a {@code get} or a listing costs.
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

	/** A job from {@code GET /job/{id}}, which carries no id of its own, read straight from the answer. */
	static Job job(String jobId, JsonParser answer) {
		if (answer.nextToken() != JsonToken.START_OBJECT) {
			throw new IllegalArgumentException("a job needs a 'status'");
		}
		return readJob(answer).toJob(jobId);
	}

	/** A page from {@code GET /jobs}, read straight from the answer: one job at a time, no tree. */
	static JobPage page(JsonParser answer) {
		if (answer.nextToken() != JsonToken.START_OBJECT) {
			throw new IllegalArgumentException("a job list needs a 'jobs' array");
		}
		List<Job> jobs = null;
		String cursor = null;
		for (String name = answer.nextName(); name != null; name = answer.nextName()) {
			JsonToken token = answer.nextToken();
			if (name.equals("jobs")) {
				if (token != JsonToken.START_ARRAY) {
					throw new IllegalArgumentException("a job list needs a 'jobs' array");
				}
				jobs = new ArrayList<>();
				while (answer.nextToken() != JsonToken.END_ARRAY) {
					if (!answer.hasToken(JsonToken.START_OBJECT)) {
						throw new IllegalArgumentException("a listed job has no 'job_id'");
					}
					WireJob listed = readJob(answer);
					if (listed.jobId == null) {
						throw new IllegalArgumentException("a listed job has no 'job_id'");
					}
					jobs.add(listed.toJob(listed.jobId));
				}
			}
			else if (name.equals("next_cursor")) {
				if (token == JsonToken.VALUE_STRING) {
					cursor = answer.getString();
				}
				else if (token != JsonToken.VALUE_NULL) {
					// Read as 'no more pages', it would end a listing silently halfway.
					throw new IllegalArgumentException("'next_cursor' must be a string or null, got " + kind(token));
				}
			}
			else {
				answer.skipChildren();
			}
		}
		if (jobs == null) {
			throw new IllegalArgumentException("a job list needs a 'jobs' array");
		}
		return new JobPage(jobs, cursor);
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
		ParseResult.Usage usage = usage(json, parseResponse);
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

	/** A completed edit job's result ({@code EditResponse}). */
	static EditResult editResult(JsonMapper json, JsonNode response) {
		String documentUrl = text(response, "document_url");
		if (documentUrl == null || documentUrl.isBlank()) {
			throw new IllegalArgumentException("an edit result needs a 'document_url'");
		}
		return new EditResult(documentUrl, present(response, "form_schema"), usage(json, response));
	}

	/** A completed pipeline job's result ({@code PipelineResponse}). */
	static PipelineResult pipelineResult(JsonMapper json, JsonNode response) {
		JsonNode result = response.get("result");
		if (result == null || !result.isObject()) {
			throw new IllegalArgumentException("a pipeline result needs a 'result' object");
		}
		JsonNode edit = present(result, "edit");
		return new PipelineResult(text(response, "job_id"), usage(json, response), present(result, "parse"),
				present(result, "extract"), present(result, "split"),
				(edit != null && edit.isObject()) ? editResult(json, edit) : null);
	}

	private static ParseResult.@Nullable Usage usage(JsonMapper json, JsonNode response) {
		return response.hasNonNull("usage") ? json.treeToValue(response.get("usage"), ParseResult.Usage.class) : null;
	}

	private static @Nullable JsonNode present(JsonNode node, String field) {
		return node.hasNonNull(field) ? node.get(field) : null;
	}

	/** The fields of one job object, the parser on its start; leaves it on the object's end. */
	private static WireJob readJob(JsonParser parser) {
		WireJob job = new WireJob();
		for (String name = parser.nextName(); name != null; name = parser.nextName()) {
			JsonToken token = parser.nextToken();
			switch (name) {
				case "job_id" -> job.jobId = string(parser, token);
				case "status" -> job.status = string(parser, token);
				case "type" -> job.type = string(parser, token);
				case "progress" -> job.progress = number(parser, token);
				case "reason" -> job.reason = string(parser, token);
				case "created_at" -> job.createdAt = string(parser, token);
				case "completed_at" -> job.completedAt = string(parser, token);
				case "duration" -> job.duration = number(parser, token);
				case "num_pages" -> job.numPages = integer(parser, token);
				case "total_pages" -> job.totalPages = integer(parser, token);
				case "raw_config" -> job.rawConfig = string(parser, token);
				case "result" -> job.result = (token == JsonToken.VALUE_NULL) ? null : parser.readValueAsTree();
				case "error" -> {
					if (token == JsonToken.START_OBJECT) {
						job.error = parser.readValueAsTree();
					}
					else {
						job.plainError = string(parser, token);
					}
				}
				default -> parser.skipChildren();
			}
		}
		return job;
	}

	private static @Nullable String string(JsonParser parser, JsonToken token) {
		if (token == JsonToken.VALUE_STRING) {
			return parser.getString();
		}
		parser.skipChildren();
		return null;
	}

	private static @Nullable Double number(JsonParser parser, JsonToken token) {
		if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
			return parser.getDoubleValue();
		}
		parser.skipChildren();
		return null;
	}

	private static @Nullable Integer integer(JsonParser parser, JsonToken token) {
		if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
			return parser.getIntValue();
		}
		parser.skipChildren();
		return null;
	}

	private static String kind(JsonToken token) {
		return switch (token) {
			case START_OBJECT -> "OBJECT";
			case START_ARRAY -> "ARRAY";
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "NUMBER";
			case VALUE_TRUE, VALUE_FALSE -> "BOOLEAN";
			default -> token.name();
		};
	}

	/** One job's fields as the wire names them, each absent where missing or of an unexpected type. */
	private static final class WireJob {

		@Nullable String jobId;

		@Nullable String status;

		@Nullable String type;

		@Nullable Double progress;

		@Nullable String reason;

		@Nullable String createdAt;

		@Nullable String completedAt;

		@Nullable Double duration;

		@Nullable Integer numPages;

		@Nullable Integer totalPages;

		@Nullable String rawConfig;

		@Nullable JsonNode result;

		@Nullable JsonNode error;

		@Nullable String plainError;

		Job toJob(String id) {
			String rawStatus = this.status;
			if (rawStatus == null) {
				throw new IllegalArgumentException("a job needs a 'status'");
			}
			JobStatus jobStatus = JobStatus.fromWire(rawStatus);
			Instant created = WireTimestamps.parse(this.createdAt);
			Duration took = (this.duration != null && this.duration >= 0)
					? Duration.ofNanos((long) (this.duration * 1_000_000_000L)) : null;
			Instant completed = WireTimestamps.parse(this.completedAt);
			if (completed == null && jobStatus.isTerminal() && created != null && took != null) {
				completed = created.plus(took);
			}
			return new Job(id, jobStatus, rawStatus, JobType.fromWire(this.type), this.progress, this.result,
					error(jobStatus), created, completed, took, this.numPages, this.totalPages,
					(this.rawConfig == null || this.rawConfig.isEmpty()) ? null : this.rawConfig);
		}

		private @Nullable JobError error(JobStatus jobStatus) {
			String plain = (this.plainError != null && !this.plainError.isBlank()) ? this.plainError : null;
			if (plain != null) {
				return new JobError(this.reason, null, null, plain);
			}
			JsonNode structured = this.error;
			if (this.reason == null && structured == null) {
				return null;
			}
			if (this.reason != null && structured == null && jobStatus != JobStatus.FAILED) {
				// Some servers send an empty or informational reason on healthy jobs; keep it only on failures.
				return this.reason.isBlank() ? null : new JobError(this.reason, null, null, null);
			}
			return (structured != null) ? new JobError(this.reason, integer(structured, "code"),
					text(structured, "name"), text(structured, "message")) : new JobError(this.reason, null, null, null);
		}

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

}
