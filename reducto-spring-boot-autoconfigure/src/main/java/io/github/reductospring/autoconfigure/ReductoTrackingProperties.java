package io.github.reductospring.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.github.reductospring.client.tracking.TrackingSettings;

/**
 * Tracking of submitted jobs until they end.
 */
public class ReductoTrackingProperties {

	/**
	 * Number of watched jobs from which they are refreshed together from job list pages instead of one by one.
	 */
	private int bulkThreshold = 4;

	/**
	 * Time between two bulk refreshes.
	 */
	private Duration bulkInterval = Duration.ofSeconds(2);

	/**
	 * Time between two safety-net refreshes while webhooks report job ends.
	 */
	private Duration webhookInterval = Duration.ofSeconds(30);

	/**
	 * Whether a job still running at its tracking deadline is cancelled.
	 */
	private boolean cancelOnTimeout = false;

	/**
	 * Deadline for tracking a job when the caller gives none.
	 */
	private Duration defaultTimeout = Duration.ofHours(1);

	/**
	 * Whether each observed job status change is published as a JobStatusChangedEvent.
	 */
	private boolean publishEvents = true;

	/**
	 * Updates held for each slow subscriber of the tracker's updates (the event bridge included); beyond it the oldest
	 * are dropped, counted in reducto.jobs.updates.dropped and logged.
	 */
	private int updateBuffer = 10_000;

	/**
	 * Tag put into each submitted job's metadata, by which webhooks for this application's jobs are recognised on
	 * every instance. Defaults to spring.application.name, else "application".
	 */
	private @Nullable String applicationId;

	/**
	 * Where tracked jobs are kept: "memory" (this JVM only) or "jdbc" (the application's DataSource, shared by its
	 * instances and kept across restarts; needs reducto-tracking-jdbc).
	 */
	private Store store = Store.MEMORY;

	private final Jdbc jdbc = new Jdbc();

	public int getBulkThreshold() {
		return this.bulkThreshold;
	}

	public void setBulkThreshold(int bulkThreshold) {
		this.bulkThreshold = bulkThreshold;
	}

	public Duration getBulkInterval() {
		return this.bulkInterval;
	}

	public void setBulkInterval(Duration bulkInterval) {
		this.bulkInterval = bulkInterval;
	}

	public Duration getWebhookInterval() {
		return this.webhookInterval;
	}

	public void setWebhookInterval(Duration webhookInterval) {
		this.webhookInterval = webhookInterval;
	}

	public boolean isCancelOnTimeout() {
		return this.cancelOnTimeout;
	}

	public void setCancelOnTimeout(boolean cancelOnTimeout) {
		this.cancelOnTimeout = cancelOnTimeout;
	}

	public Duration getDefaultTimeout() {
		return this.defaultTimeout;
	}

	public void setDefaultTimeout(Duration defaultTimeout) {
		this.defaultTimeout = defaultTimeout;
	}

	public boolean isPublishEvents() {
		return this.publishEvents;
	}

	public void setPublishEvents(boolean publishEvents) {
		this.publishEvents = publishEvents;
	}

	public int getUpdateBuffer() {
		return this.updateBuffer;
	}

	public void setUpdateBuffer(int updateBuffer) {
		this.updateBuffer = updateBuffer;
	}

	public Store getStore() {
		return this.store;
	}

	public void setStore(Store store) {
		this.store = store;
	}

	public Jdbc getJdbc() {
		return this.jdbc;
	}

	public @Nullable String getApplicationId() {
		return this.applicationId;
	}

	public void setApplicationId(@Nullable String applicationId) {
		this.applicationId = applicationId;
	}

	/**
	 * These properties as the client's settings; webhooks turn polling into a safety net.
	 * @param webhooksExpected whether webhooks report job ends
	 * @param applicationName the application's name, the application id when none is set
	 */
	TrackingSettings toSettings(boolean webhooksExpected, @Nullable String applicationName) {
		String id = (this.applicationId != null) ? this.applicationId
				: (applicationName != null && !applicationName.isBlank()) ? applicationName
						: TrackingSettings.DEFAULTS.applicationId();
		return new TrackingSettings(this.bulkThreshold, this.bulkInterval, this.webhookInterval, webhooksExpected,
				this.cancelOnTimeout, this.defaultTimeout, this.updateBuffer, id);
	}

	/** Where tracked jobs are kept. */
	public enum Store {

		/** In this JVM's memory: lost on restart, not shared. */
		MEMORY,

		/** In the application's DataSource: shared by its instances, one of which polls for all. */
		JDBC

	}

	/** When the registry's tables are created at startup. */
	public enum InitializeSchema {

		/** Only on an embedded database (H2, HSQL, Derby). */
		EMBEDDED,

		/** Always (every statement is IF NOT EXISTS). */
		ALWAYS,

		/** Never: Flyway, Liquibase or a DBA creates them. */
		NEVER

	}

	/**
	 * The JDBC job registry (reducto.tracking.store=jdbc).
	 */
	public static class Jdbc {

		/**
		 * When to create the registry's tables from the shipped schema-<platform>.sql.
		 */
		private InitializeSchema initializeSchema = InitializeSchema.EMBEDDED;

		/**
		 * How long rows of ended jobs are kept.
		 */
		private Duration retention = Duration.ofDays(7);

		/**
		 * How long the poller's lease holds without renewal: the longest takeover after the poller dies, plus 2s.
		 */
		private Duration leaseTtl = Duration.ofSeconds(8);

		/**
		 * This instance in the lease table and as the owner of the jobs it registers. Defaults to host, process id and
		 * a random suffix.
		 */
		private @Nullable String instanceId;

		public InitializeSchema getInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(InitializeSchema initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

		public Duration getLeaseTtl() {
			return this.leaseTtl;
		}

		public void setLeaseTtl(Duration leaseTtl) {
			this.leaseTtl = leaseTtl;
		}

		public @Nullable String getInstanceId() {
			return this.instanceId;
		}

		public void setInstanceId(@Nullable String instanceId) {
			this.instanceId = instanceId;
		}

	}

}
