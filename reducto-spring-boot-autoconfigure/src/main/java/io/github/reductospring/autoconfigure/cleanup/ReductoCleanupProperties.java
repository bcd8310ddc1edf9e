package io.github.reductospring.autoconfigure.cleanup;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.github.reductospring.client.model.JobStatus;

/**
 * The scheduled sweep that deletes old Reducto jobs.
 */
@ConfigurationProperties("reducto.cleanup")
public class ReductoCleanupProperties {

	/**
	 * Whether old jobs are deleted on a schedule.
	 */
	private boolean enabled = false;

	/**
	 * Age from which ended jobs are deleted; younger jobs are never touched.
	 */
	private Duration retention = Duration.ofDays(30);

	/**
	 * When the sweep runs, as a Spring cron expression.
	 */
	private String schedule = "0 0 3 * * *";

	/**
	 * Terminal statuses of the jobs to delete.
	 */
	private Set<JobStatus> statuses = new LinkedHashSet<>(List.of(JobStatus.COMPLETED, JobStatus.FAILED,
			JobStatus.CANCELLED));

	/**
	 * Whether the sweep only reports what it would delete. On by default, so a new application deletes nothing until
	 * this is set to false.
	 */
	private boolean dryRun = true;

	/**
	 * Deletions in flight at once.
	 */
	private int concurrency = 4;

	/**
	 * Extra age required before deleting, in case the server's clock is behind this machine's.
	 */
	private Duration clockSkewMargin = Duration.ofMinutes(5);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getRetention() {
		return this.retention;
	}

	public void setRetention(Duration retention) {
		this.retention = retention;
	}

	public String getSchedule() {
		return this.schedule;
	}

	public void setSchedule(String schedule) {
		this.schedule = schedule;
	}

	public Set<JobStatus> getStatuses() {
		return this.statuses;
	}

	public void setStatuses(Set<JobStatus> statuses) {
		this.statuses = statuses;
	}

	public boolean isDryRun() {
		return this.dryRun;
	}

	public void setDryRun(boolean dryRun) {
		this.dryRun = dryRun;
	}

	public int getConcurrency() {
		return this.concurrency;
	}

	public void setConcurrency(int concurrency) {
		this.concurrency = concurrency;
	}

	public Duration getClockSkewMargin() {
		return this.clockSkewMargin;
	}

	public void setClockSkewMargin(Duration clockSkewMargin) {
		this.clockSkewMargin = clockSkewMargin;
	}

}
