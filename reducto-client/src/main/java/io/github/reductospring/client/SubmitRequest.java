package io.github.reductospring.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.github.reductospring.client.model.JobType;

/**
 * A job to submit: what to do, to which document, with which options. Operation-specific settings (parse
 * {@code formatting}, extract {@code instructions}, split {@code split_description}, ...) pass through as JSON
 * values, so any field Reducto accepts can be sent even where this library has no type for it.
 * <pre>{@code
 * SubmitRequest request = SubmitRequest.parse("https://example.com/invoice.pdf")
 *     .metadata(Map.of("customer", "42"))
 *     .option("formatting", Map.of("table_output_format", "html"))
 *     .build();
 * }</pre>
 */
public final class SubmitRequest {

	private static final Set<String> SUBMITTABLE_SCHEMES = Set.of("http", "https", "reducto", "jobid", "s3", "gs");

	private static final Set<String> RESERVED_OPTIONS = Set.of("input", "async");

	/** Edit jobs carry their document, priority and webhook at the top level, under other names. */
	private static final Set<String> RESERVED_EDIT_OPTIONS = Set.of("document_url", "edit_instructions", "priority",
			"webhook");

	private static final Set<String> RESERVED_PIPELINE_OPTIONS = Set.of("input", "async", "pipeline_id");

	private final JobType type;

	private final String input;

	private final Map<String, Object> options;

	private final @Nullable Object metadata;

	private final boolean priority;

	private final @Nullable Webhook webhook;

	private SubmitRequest(Builder builder) {
		this.type = builder.type;
		this.input = builder.input;
		this.options = Collections.unmodifiableMap(new LinkedHashMap<>(builder.options));
		this.metadata = builder.metadata;
		this.priority = builder.priority;
		this.webhook = builder.webhook;
		if (this.type == JobType.SPLIT && !this.options.containsKey("split_description")) {
			throw new IllegalArgumentException("A split job needs the option 'split_description' "
					+ "(a list of {name, description}); add it with option(\"split_description\", ...)");
		}
	}

	/** A parse job for a document URL or a {@code reducto://} file id. */
	public static Builder parse(String input) {
		return new Builder(JobType.PARSE, input);
	}

	/** An extract job; pass the schema with {@code option("instructions", Map.of("schema", ...))}. */
	public static Builder extract(String input) {
		return new Builder(JobType.EXTRACT, input);
	}

	/** A split job; pass {@code option("split_description", ...)}. */
	public static Builder split(String input) {
		return new Builder(JobType.SPLIT, input);
	}

	/**
	 * An edit job: fills or marks up the document as the instructions say; {@code option("edit_options", ...)} and
	 * {@code option("form_schema", ...)} pass Reducto's other edit settings.
	 * @param documentUrl the document (a URL or a {@code reducto://} id)
	 * @param instructions what to change, in words
	 */
	public static Builder edit(String documentUrl, String instructions) {
		return new Builder(JobType.EDIT, documentUrl).operation("edit_instructions", instructions, "edit instructions");
	}

	/**
	 * A job of a pipeline built in Reducto Studio; {@code option("settings", ...)} passes its settings.
	 * @param input the document (a URL or a {@code reducto://} id)
	 * @param pipelineId the pipeline's id, from Studio
	 */
	public static Builder pipeline(String input, String pipelineId) {
		return new Builder(JobType.PIPELINE, input).operation("pipeline_id", pipelineId, "pipeline id");
	}

	/** What the job does. */
	public JobType type() {
		return this.type;
	}

	/** The document: a URL or a {@code reducto://} id. */
	public String input() {
		return this.input;
	}

	/** Operation-specific settings, sent as top-level JSON fields. */
	public Map<String, Object> options() {
		return this.options;
	}

	/** Metadata echoed in webhook deliveries. */
	public @Nullable Object metadata() {
		return this.metadata;
	}

	/** Whether to use the priority budget. */
	public boolean priority() {
		return this.priority;
	}

	/** Where to report the job's end. */
	public @Nullable Webhook webhook() {
		return this.webhook;
	}

	/** Leaves out metadata and options: they may hold secrets. */
	@Override
	public String toString() {
		return "SubmitRequest[type=" + this.type + ", options=" + this.options.keySet() + ", priority="
				+ this.priority + ", webhook=" + ((this.webhook != null) ? this.webhook.mode() : "none") + "]";
	}

	/** Builds a {@link SubmitRequest}. */
	public static final class Builder {

		private final JobType type;

		private final String input;

		private final Map<String, Object> options = new LinkedHashMap<>();

		private @Nullable Object metadata;

		private boolean priority;

		private @Nullable Webhook webhook;

		private Builder(JobType type, String input) {
			this.type = type;
			this.input = validateInput(input);
		}

		/** Sets one operation-specific setting (any JSON-serializable value). */
		public Builder option(String name, Object value) {
			Objects.requireNonNull(name, "name");
			Objects.requireNonNull(value, "value");
			Set<String> reserved = switch (this.type) {
				case EDIT -> RESERVED_EDIT_OPTIONS;
				case PIPELINE -> RESERVED_PIPELINE_OPTIONS;
				default -> RESERVED_OPTIONS;
			};
			if (reserved.contains(name)) {
				throw new IllegalArgumentException("'" + name + "' is set by SubmitRequest itself; use "
						+ (Set.of("input", "document_url", "edit_instructions", "pipeline_id").contains(name)
								? "the factory method's arguments" : "metadata(), priority() or webhook()")
						+ " instead");
			}
			this.options.put(name, value);
			return this;
		}

		/** The field that says what this kind of job does, checked and set once by the factory method. */
		private Builder operation(String name, @Nullable String value, String what) {
			if (value == null || value.isBlank()) {
				throw new IllegalArgumentException("A " + this.type.name().toLowerCase(Locale.ROOT) + " job needs its "
						+ what + ", got " + ((value == null) ? "null" : "a blank one"));
			}
			this.options.put(name, value);
			return this;
		}

		/** Sets several operation-specific settings. */
		public Builder options(Map<String, ?> options) {
			options.forEach(this::option);
			return this;
		}

		/** Metadata echoed in webhook deliveries (any JSON-serializable value). */
		public Builder metadata(@Nullable Object metadata) {
			this.metadata = metadata;
			return this;
		}

		/** Whether to use the priority budget. */
		public Builder priority(boolean priority) {
			this.priority = priority;
			return this;
		}

		/** Where to report the job's end. */
		public Builder webhook(@Nullable Webhook webhook) {
			this.webhook = webhook;
			return this;
		}

		/** The request. */
		public SubmitRequest build() {
			return new SubmitRequest(this);
		}

		private static String validateInput(@Nullable String input) {
			if (input == null || input.isBlank()) {
				throw new IllegalArgumentException("A job needs an input: a document URL or a reducto:// file id");
			}
			String trimmed = input.trim();
			int colon = trimmed.indexOf("://");
			String scheme = (colon > 0) ? trimmed.substring(0, colon).toLowerCase(Locale.ROOT) : "";
			if (!SUBMITTABLE_SCHEMES.contains(scheme)) {
				throw new IllegalArgumentException("Job input must be a URL (https://...), a reducto:// id from "
						+ "upload(...) or a jobid:// reference, got '" + abbreviate(trimmed)
						+ "'; to process a local file, upload it first");
			}
			return trimmed;
		}

		private static String abbreviate(String text) {
			return (text.length() <= 80) ? text : text.substring(0, 77) + "...";
		}

	}

}
