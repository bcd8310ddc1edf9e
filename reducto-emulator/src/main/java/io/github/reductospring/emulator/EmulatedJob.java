package io.github.reductospring.emulator;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

/**
 * One job held by the emulator. Its wire status is computed from the clock when asked, so that thousands of jobs
 * cost no timers.
 */
final class EmulatedJob {

	final String id;

	final long sequence;

	final String type;

	final Instant createdAt;

	final JobScript script;

	final String rawConfig;

	final @Nullable JsonNode asyncOptions;

	private volatile @Nullable Instant cancelledAt;

	private volatile @Nullable Instant deletedAt;

	EmulatedJob(String id, long sequence, String type, Instant createdAt, JobScript script, String rawConfig,
			@Nullable JsonNode asyncOptions) {
		this.id = id;
		this.sequence = sequence;
		this.type = type;
		this.createdAt = createdAt;
		this.script = script;
		this.rawConfig = rawConfig;
		this.asyncOptions = asyncOptions;
	}

	/** The lifecycle stage at {@code now}. */
	Stage stage(Instant now) {
		Instant cancelled = this.cancelledAt;
		if (cancelled != null) {
			return Stage.CANCELLED;
		}
		Duration elapsed = Duration.between(this.createdAt, now);
		if (elapsed.compareTo(this.script.pendingFor()) < 0) {
			return Stage.PENDING;
		}
		if (this.script.outcome() == JobScript.Outcome.NEVER_FINISH
				|| elapsed.compareTo(this.script.totalTime()) < 0) {
			return Stage.IN_PROGRESS;
		}
		return (this.script.outcome() == JobScript.Outcome.FAIL) ? Stage.FAILED : Stage.COMPLETED;
	}

	/** Fraction of the work done, 0 to 1. */
	double progress(Instant now) {
		Duration processing = this.script.processingFor();
		if (processing.isZero()) {
			return 0;
		}
		long into = Duration.between(this.createdAt.plus(this.script.pendingFor()), now).toMillis();
		return Math.max(0, Math.min(1, (double) into / processing.toMillis()));
	}

	/** When the job ended (for a terminal stage). */
	Instant endedAt() {
		Instant cancelled = this.cancelledAt;
		return (cancelled != null) ? cancelled : this.createdAt.plus(this.script.totalTime());
	}

	/** Marks the job deleted (its artifacts go asynchronously); a second call changes nothing. */
	synchronized void delete(Instant now) {
		if (this.deletedAt == null) {
			this.deletedAt = now;
		}
	}

	/** When deletion was requested, if it was. */
	@Nullable Instant deletedAt() {
		return this.deletedAt;
	}

	/** Cancels the job unless it already ended; returns whether it was cancelled now. */
	synchronized boolean cancel(Instant now) {
		if (stage(now).terminal) {
			return false;
		}
		this.cancelledAt = now;
		return true;
	}

	enum Stage {

		PENDING("Pending", false), IN_PROGRESS("InProgress", false), COMPLETED("Completed", true),
		FAILED("Failed", true), CANCELLED("Cancelled", true);

		/** The value {@code GET /jobs} reports. */
		final String listValue;

		final boolean terminal;

		Stage(String listValue, boolean terminal) {
			this.listValue = listValue;
			this.terminal = terminal;
		}

		/**
		 * The value {@code GET /job/{id}} reports. Its OpenAPI enum has no {@code InProgress}, so a running job reads
		 * {@code Pending} there, as the official SDKs' own tests expect. What the real API answers for a cancelled
		 * job is not documented; the emulator answers {@code Cancelled}, as {@code GET /jobs} does.
		 */
		String getValue() {
			return (this == IN_PROGRESS) ? "Pending" : this.listValue;
		}

	}

}
