package io.github.reductospring.client.tracking;

import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link JobTracker} refreshes the jobs it watches.
 *
 * @param bulkThreshold from how many watched jobs on the tracker refreshes them in bulk through {@code GET /jobs}
 * pages instead of one {@code GET /job/{id}} each
 * @param bulkInterval time between two bulk refreshes
 * @param webhookInterval time between two safety-net refreshes when webhooks report job ends
 * @param webhooksExpected whether webhooks report job ends, so that polling is only a safety net
 * @param cancelOnTimeout whether a job still running at its tracking deadline is cancelled
 * @param defaultTimeout deadline of {@link JobTracker#track(String)} without an explicit timeout
 * @param updateBuffer updates held for each subscriber of {@link JobTracker#updates()} that does not keep up; beyond
 * it the oldest are dropped, counted and logged
 * @param applicationId the tag put into each submitted job's metadata ({@link #APPLICATION_METADATA_KEY}), by which
 * webhook deliveries for this application's jobs are recognised on every instance, whether or not anything waits
 */
public record TrackingSettings(int bulkThreshold, Duration bulkInterval, Duration webhookInterval,
		boolean webhooksExpected, boolean cancelOnTimeout, Duration defaultTimeout, int updateBuffer,
		String applicationId) {

	/** The metadata key that carries {@link #applicationId()} in each submitted job. */
	public static final String APPLICATION_METADATA_KEY = "reducto_spring_app";

	/**
	 * The metadata key that carries the submitting tracker's {@link JobTracker#instanceId()} in each submitted job: an
	 * instance on the in-memory store leaves a delivery for another instance's job to that instance.
	 */
	public static final String INSTANCE_METADATA_KEY = "reducto_spring_instance";

	/** The longest application id accepted: it travels in every job's metadata. */
	public static final int MAX_APPLICATION_ID_LENGTH = 100;

	/**
	 * Bulk refresh from 4 jobs on (measured: with 4 jobs over a minute, 5.3 requests per job in bulk against 6.8 one
	 * by one; with 2, 14 against 8), every two seconds; 30-second safety net with webhooks; one hour per job; 10,000
	 * updates held per slow subscriber; application id {@code application}.
	 */
	public static final TrackingSettings DEFAULTS = new TrackingSettings(4, Duration.ofSeconds(2),
			Duration.ofSeconds(30), false, false, Duration.ofHours(1), 10_000, "application");

	public TrackingSettings {
		Objects.requireNonNull(bulkInterval, "bulkInterval");
		Objects.requireNonNull(webhookInterval, "webhookInterval");
		Objects.requireNonNull(defaultTimeout, "defaultTimeout");
		if (bulkThreshold < 1) {
			throw new IllegalArgumentException("TrackingSettings.bulkThreshold must be 1 or more, got " + bulkThreshold);
		}
		if (bulkInterval.isNegative() || bulkInterval.isZero() || webhookInterval.isNegative()
				|| webhookInterval.isZero() || defaultTimeout.isNegative() || defaultTimeout.isZero()) {
			throw new IllegalArgumentException("TrackingSettings.bulkInterval, TrackingSettings.webhookInterval and "
					+ "TrackingSettings.defaultTimeout must be positive");
		}
		if (updateBuffer < 1) {
			throw new IllegalArgumentException("TrackingSettings.updateBuffer must be 1 or more, got " + updateBuffer);
		}
		Objects.requireNonNull(applicationId, "applicationId");
		if (applicationId.isBlank() || applicationId.length() > MAX_APPLICATION_ID_LENGTH
				|| applicationId.chars().anyMatch(Character::isISOControl)) {
			throw new IllegalArgumentException("TrackingSettings.applicationId must be 1 to " + MAX_APPLICATION_ID_LENGTH
					+ " printable characters, not blank (it tags each job's metadata); got "
					+ ((applicationId.length() > MAX_APPLICATION_ID_LENGTH) ? applicationId.length() + " characters"
							: "'" + applicationId.replaceAll("\\p{Cntrl}", "?") + "'"));
		}
	}

	/** These settings with another application id. */
	public TrackingSettings withApplicationId(String applicationId) {
		return new TrackingSettings(this.bulkThreshold, this.bulkInterval, this.webhookInterval,
				this.webhooksExpected, this.cancelOnTimeout, this.defaultTimeout, this.updateBuffer, applicationId);
	}

	/** These settings with webhooks expected or not. */
	public TrackingSettings withWebhooksExpected(boolean webhooksExpected) {
		return new TrackingSettings(this.bulkThreshold, this.bulkInterval, this.webhookInterval, webhooksExpected,
				this.cancelOnTimeout, this.defaultTimeout, this.updateBuffer,
				this.applicationId);
	}

	/** These settings with another bulk threshold and interval. */
	public TrackingSettings withBulk(int bulkThreshold, Duration bulkInterval) {
		return new TrackingSettings(bulkThreshold, bulkInterval, this.webhookInterval, this.webhooksExpected,
				this.cancelOnTimeout, this.defaultTimeout, this.updateBuffer,
				this.applicationId);
	}

	/** These settings with another buffer of updates per slow subscriber. */
	public TrackingSettings withUpdateBuffer(int updateBuffer) {
		return new TrackingSettings(this.bulkThreshold, this.bulkInterval, this.webhookInterval,
				this.webhooksExpected, this.cancelOnTimeout, this.defaultTimeout, updateBuffer, this.applicationId);
	}

	/** These settings with cancel-on-timeout on or off. */
	public TrackingSettings withCancelOnTimeout(boolean cancelOnTimeout) {
		return new TrackingSettings(this.bulkThreshold, this.bulkInterval, this.webhookInterval,
				this.webhooksExpected, cancelOnTimeout, this.defaultTimeout, this.updateBuffer,
				this.applicationId);
	}

}
