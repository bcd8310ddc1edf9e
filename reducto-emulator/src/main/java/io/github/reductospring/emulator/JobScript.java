package io.github.reductospring.emulator;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * How an emulated job moves through its life: how long it stays {@code Pending}, how long {@code InProgress},
 * and how it ends. Times are measured on the emulator's clock from the job's creation.
 *
 * @param pendingFor time spent queued
 * @param processingFor time spent running
 * @param outcome how the job ends
 * @param failureReason the reason reported when the job fails
 * @param pages number of pages the emulated document has
 * @param resultAsUrl whether a completed parse job delivers its result as a {@code type: url} reference
 */
public record JobScript(Duration pendingFor, Duration processingFor, Outcome outcome, @Nullable String failureReason,
		int pages, boolean resultAsUrl) {

	/** The end of an emulated job. */
	public enum Outcome {

		/** The job completes with a result. */
		COMPLETE,

		/** The job fails with a reason. */
		FAIL,

		/** The job never ends by itself (it can still be cancelled). */
		NEVER_FINISH

	}

	public JobScript {
		Objects.requireNonNull(pendingFor, "pendingFor");
		Objects.requireNonNull(processingFor, "processingFor");
		Objects.requireNonNull(outcome, "outcome");
		if (pendingFor.isNegative() || processingFor.isNegative()) {
			throw new IllegalArgumentException("Job script durations must not be negative");
		}
		if (pages < 1) {
			throw new IllegalArgumentException("A job has at least one page, got " + pages);
		}
	}

	/** A job that waits, runs and completes. */
	public static JobScript completesAfter(Duration pendingFor, Duration processingFor) {
		return new JobScript(pendingFor, processingFor, Outcome.COMPLETE, null, 2, false);
	}

	/** A job that waits, runs and fails with the given reason. */
	public static JobScript failsAfter(Duration pendingFor, Duration processingFor, String reason) {
		return new JobScript(pendingFor, processingFor, Outcome.FAIL, reason, 2, false);
	}

	/** A job that is complete as soon as it exists. */
	public static JobScript completesImmediately() {
		return completesAfter(Duration.ZERO, Duration.ZERO);
	}

	/** A job that stays pending for ever. */
	public static JobScript staysPending() {
		return new JobScript(Duration.ofDays(36500), Duration.ZERO, Outcome.NEVER_FINISH, null, 2, false);
	}

	/** A job that starts running after {@code pendingFor} and never ends by itself. */
	public static JobScript runsForever(Duration pendingFor) {
		return new JobScript(pendingFor, Duration.ZERO, Outcome.NEVER_FINISH, null, 2, false);
	}

	/** This script with another page count. */
	public JobScript withPages(int pages) {
		return new JobScript(this.pendingFor, this.processingFor, this.outcome, this.failureReason, pages,
				this.resultAsUrl);
	}

	/** This script, delivering a parse result by URL as Reducto does for large results. */
	public JobScript withResultAsUrl() {
		return new JobScript(this.pendingFor, this.processingFor, this.outcome, this.failureReason, this.pages, true);
	}

	Duration totalTime() {
		return this.pendingFor.plus(this.processingFor);
	}

	/**
	 * Scripts with a fixed wait, a running time spread at random, and a share of failures: one call per job.
	 * @param pendingMs how long each job stays pending
	 * @param processingMs how long it then runs at least
	 * @param spreadMs a random 0 to this many milliseconds added to each running time
	 * @param failureShare the share of jobs that fail, 0 to 1
	 * @return the scripts
	 */
	public static Supplier<JobScript> randomly(long pendingMs, long processingMs, long spreadMs, double failureShare) {
		return () -> {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			Duration processing = Duration.ofMillis(processingMs + ((spreadMs > 0) ? random.nextLong(spreadMs) : 0));
			return (random.nextDouble() < failureShare)
					? failsAfter(Duration.ofMillis(pendingMs), processing, "Document is password protected")
					: completesAfter(Duration.ofMillis(pendingMs), processing);
		};
	}

}
