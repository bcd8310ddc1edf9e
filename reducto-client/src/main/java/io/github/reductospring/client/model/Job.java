package io.github.reductospring.client.model;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

/**
 * A Reducto job as this library reports it.
 *
 * @param jobId the job's id
 * @param status where the job is in its life
 * @param rawStatus the status exactly as the server sent it
 * @param type what the job does, if the server said
 * @param progress fraction of work done (0 to 1), while running, if the server said
 * @param result the job's result as JSON, once completed (see {@code ReactiveJobOperations#parseResult})
 * @param error why the job failed, if it did
 * @param createdAt when the job was created
 * @param completedAt when the job ended: the server's value, else {@code createdAt + duration} for a terminal job
 * @param duration how long the job ran, as the server measured it
 * @param numPages pages processed so far
 * @param totalPages pages in the document
 * @param rawConfig the submitted configuration as JSON text, unless excluded
 */
public record Job(String jobId, JobStatus status, String rawStatus, @Nullable JobType type, @Nullable Double progress,
		@Nullable JsonNode result, @Nullable JobError error, @Nullable Instant createdAt, @Nullable Instant completedAt,
		@Nullable Duration duration, @Nullable Integer numPages, @Nullable Integer totalPages,
		@Nullable String rawConfig) {

	/**
	 * Checks that a job id could be one: not blank, not {@code .} or {@code ..}, no control characters, at most 256
	 * characters. A job id travels as one encoded path segment; these are the ids that could never be valid or that
	 * a server could read as another path.
	 * @param jobId the id
	 * @return the id
	 * @throws IllegalArgumentException naming what is wrong with it
	 */
	public static String checkId(@Nullable String jobId) {
		if (jobId == null || jobId.isBlank()) {
			throw new IllegalArgumentException("A job id must not be empty or blank");
		}
		if (jobId.equals(".") || jobId.equals("..")) {
			throw new IllegalArgumentException("'" + jobId + "' is not a job id");
		}
		if (jobId.length() > 256) {
			throw new IllegalArgumentException("A job id is at most 256 characters, got " + jobId.length());
		}
		for (int i = 0; i < jobId.length(); i++) {
			if (Character.isISOControl(jobId.charAt(i))) {
				throw new IllegalArgumentException("A job id must not contain control characters");
			}
		}
		return jobId;
	}

	/** Whether the job will not change any more. */
	public boolean isTerminal() {
		return this.status.isTerminal();
	}

	/** Leaves out the result and configuration: they can be large and can hold metadata secrets. */
	@Override
	public String toString() {
		return "Job[jobId=" + this.jobId + ", status=" + this.status + " (" + this.rawStatus + "), type=" + this.type
				+ ", createdAt=" + this.createdAt + ", completedAt=" + this.completedAt
				+ ((this.error != null) ? ", error=" + this.error.description() : "") + "]";
	}

}
