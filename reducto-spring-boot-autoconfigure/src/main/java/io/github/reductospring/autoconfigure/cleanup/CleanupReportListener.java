package io.github.reductospring.autoconfigure.cleanup;

import io.github.reductospring.client.cleanup.CleanupReport;

/**
 * Told about every sweep's report (metrics, audit logs).
 */
@FunctionalInterface
public interface CleanupReportListener {

	/**
	 * A sweep ended.
	 * @param report what it did
	 */
	void onReport(CleanupReport report);

}
