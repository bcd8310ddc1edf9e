package io.github.reductospring.client.model;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Where a job is in its life. Reducto's wire values map here in {@link #fromWire(String)}, the only place that
 * knows them.
 */
public enum JobStatus {

	/** Queued, not started ({@code Pending}, {@code Idle}). */
	PENDING(false),

	/** Running ({@code InProgress}, {@code Completing}, {@code Processing}). */
	PROCESSING(false),

	/** Finished with a result. */
	COMPLETED(true),

	/** Finished without a result; see the job's error. */
	FAILED(true),

	/** Cancelled before it finished. */
	CANCELLED(true),

	/** A value this library does not know yet; the job's raw status keeps it. Not terminal. */
	UNKNOWN(false);

	private final boolean terminal;

	JobStatus(boolean terminal) {
		this.terminal = terminal;
	}

	/** Whether a job in this status will not change any more. */
	public boolean isTerminal() {
		return this.terminal;
	}

	/**
	 * Maps a wire status, ignoring case. Never fails: anything unknown (or missing) is {@link #UNKNOWN}.
	 * @param wireValue the {@code status} Reducto sent
	 * @return the status
	 */
	public static JobStatus fromWire(@Nullable String wireValue) {
		if (wireValue == null) {
			return UNKNOWN;
		}
		return switch (wireValue.trim().toLowerCase(Locale.ROOT)) {
			case "pending", "idle" -> PENDING;
			case "inprogress", "in_progress", "completing", "processing" -> PROCESSING;
			case "completed" -> COMPLETED;
			case "failed" -> FAILED;
			case "cancelled", "canceled" -> CANCELLED;
			default -> UNKNOWN;
		};
	}

}
