package io.github.reductospring.client.cleanup;

import java.time.Duration;
import java.util.List;

/**
 * What a cleanup did.
 *
 * @param examined jobs listed
 * @param selected jobs old enough and ended in a selected status
 * @param deleted jobs deleted (0 in a dry run)
 * @param failed deletions that failed
 * @param failures the first failures, with their reasons (at most {@link #MAX_FAILURES_KEPT})
 * @param dryRun whether nothing was deleted on purpose
 * @param took how long the cleanup ran
 */
public record CleanupReport(long examined, long selected, long deleted, long failed, List<Failure> failures,
		boolean dryRun, Duration took) {

	/** How many failures are kept with their reasons. */
	public static final int MAX_FAILURES_KEPT = 100;

	public CleanupReport {
		failures = List.copyOf(failures);
	}

	/** One summary line, for logs. */
	public String summary() {
		return (this.dryRun ? "Reducto cleanup (dry run): " : "Reducto cleanup: ") + this.examined + " jobs examined, "
				+ this.selected + " selected, " + (this.dryRun ? "0 deleted (dry run), " : this.deleted + " deleted, ")
				+ this.failed + " failed, in " + this.took.toMillis() + " ms";
	}

	/**
	 * A deletion that failed.
	 *
	 * @param jobId the job
	 * @param reason why
	 */
	public record Failure(String jobId, String reason) {
	}

}
