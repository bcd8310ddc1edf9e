package io.github.reductospring.tracking.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.tracking.TrackedJobRegistry;
import tools.jackson.databind.json.JsonMapper;

import static io.github.reductospring.tracking.jdbc.JdbcPollerLease.timestamp;

/**
 * The registry in a database shared by the instances of one application ({@code schema-postgresql.sql} next to this
 * class; {@code schema-h2.sql} for tests):
 * <ul>
 * <li>one row per job, written when it is submitted or first tracked and kept until
 * {@link JdbcTrackingSettings#retention()} after it ended (or its deadline passed); the poller deletes old rows, at
 * most every ten minutes;</li>
 * <li>each status change is claimed by a compare-and-set on the row, so that it is reported once in the cluster; an
 * end is stored with the job (result included) for waiters on other instances, and marked published once the poller
 * has published it;</li>
 * <li>one instance at a time holds the poller's lease, a row renewed every two seconds that others take over once it
 * is {@link JdbcTrackingSettings#leaseTtl()} old, measured on the database's clock. A lease row works through any
 * connection pool or proxy, unlike a session-level advisory lock. The lease is renewed on a connection kept for it
 * (one per instance, taken from the pool), so that a busy pool cannot delay a renewal past the lease's end.</li>
 * </ul>
 * {@link #remove(String)} gives a job up (a permanent read failure) rather than forgetting it: its row stays for the
 * retention, no longer followed. Every method blocks on the database; the tracker calls them off event loops.
 */
public final class JdbcTrackedJobRegistry implements TrackedJobRegistry {

	/** The most jobs one {@link #unfinished()} gives: the poller adopts more at its next read. */
	static final int MAX_UNFINISHED = 20_000;

	private static final int IN_CLAUSE_CHUNK = 500;

	private static final long PURGE_EVERY_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(10);

	private static final String COLUMNS = "job_id, status, created_no_earlier_than, ended_job";

	private final JdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate named;

	private final JdbcTrackingSettings settings;

	private final JsonMapper json;

	private final AtomicLong nextPurgeAt = new AtomicLong(System.nanoTime());

	private final RowMapper<TrackedJob> rows = this::trackedJob;

	private final JdbcPollerLease lease;

	/**
	 * A registry on a data source whose schema is in place.
	 * @param dataSource the database
	 * @param settings the application, this instance, and the lease and retention
	 */
	public JdbcTrackedJobRegistry(DataSource dataSource, JdbcTrackingSettings settings) {
		this.jdbc = new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource"));
		this.named = new NamedParameterJdbcTemplate(this.jdbc);
		this.settings = Objects.requireNonNull(settings, "settings");
		this.json = JsonMapper.builder().build();
		this.lease = new JdbcPollerLease(dataSource, settings);
	}

	/** Where the PostgreSQL schema is, on the class path. */
	public static String postgresqlSchema() {
		return "classpath:io/github/reductospring/tracking/jdbc/schema-postgresql.sql";
	}

	/** Where the H2 schema is, on the class path. */
	public static String h2Schema() {
		return "classpath:io/github/reductospring/tracking/jdbc/schema-h2.sql";
	}

	/**
	 * Checks that the registry's tables are there, so that a missing schema fails at startup rather than at the
	 * first tracked job.
	 * @throws IllegalStateException naming what is missing and the script that creates it
	 */
	public void checkSchema() {
		for (String table : List.of("reducto_tracked_job", "reducto_poller_lease")) {
			try {
				this.jdbc.queryForList("SELECT COUNT(*) FROM " + table + " WHERE 1 = 0");
			}
			catch (DataAccessException ex) {
				throw new IllegalStateException("The table " + table + " of the Reducto job registry cannot be read ("
						+ ex.getMostSpecificCause().getMessage() + "). Create it from " + postgresqlSchema()
						+ " (a Flyway or Liquibase migration), or let the application create it at startup.", ex);
			}
		}
	}

	/** The settings this registry runs with. */
	public JdbcTrackingSettings settings() {
		return this.settings;
	}

	@Override
	public boolean isShared() {
		return true;
	}

	@Override
	public TrackedJob register(String jobId, Instant createdNoEarlierThan) {
		TrackedJob known = find(jobId);
		if (known != null) {
			return known;
		}
		insert(jobId, createdNoEarlierThan, Instant.now().plus(this.settings.followFor()));
		return Objects.requireNonNull(find(jobId), () -> "Job " + jobId + " was registered but cannot be read back");
	}

	@Override
	public void registerSubmitted(String jobId, Instant createdNoEarlierThan, Instant deadline) {
		insert(jobId, createdNoEarlierThan, deadline);
	}

	private void insert(String jobId, Instant createdNoEarlierThan, Instant deadline) {
		try {
			this.jdbc.update("INSERT INTO reducto_tracked_job (application_id, job_id, created_no_earlier_than, "
					+ "deadline, owner, updated_at) VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP)",
					this.settings.applicationId(), jobId, timestamp(createdNoEarlierThan), timestamp(deadline),
					this.settings.instanceId());
		}
		catch (DuplicateKeyException alreadyThere) {
			// Registered by another instance, or by the submission: one row per job.
		}
	}

	@Override
	public @Nullable TrackedJob find(String jobId) {
		List<TrackedJob> found = this.jdbc.query(
				"SELECT " + COLUMNS + " FROM reducto_tracked_job WHERE application_id = ? AND job_id = ?", this.rows,
				this.settings.applicationId(), jobId);
		return found.isEmpty() ? null : found.get(0);
	}

	@Override
	public Map<String, TrackedJob> findAll(Collection<String> jobIds) {
		Map<String, TrackedJob> found = new HashMap<>();
		List<String> ids = List.copyOf(jobIds);
		for (int from = 0; from < ids.size(); from += IN_CLAUSE_CHUNK) {
			List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CLAUSE_CHUNK));
			MapSqlParameterSource parameters = new MapSqlParameterSource("application", this.settings.applicationId())
				.addValue("ids", chunk);
			this.named
				.query("SELECT " + COLUMNS + " FROM reducto_tracked_job WHERE application_id = :application "
						+ "AND job_id IN (:ids)", parameters, this.rows)
				.forEach((job) -> found.put(job.jobId(), job));
		}
		return found;
	}

	@Override
	public boolean recordStatus(String jobId, @Nullable JobStatus expected, Job seen) {
		return recordStatuses(List.of(new StatusChange(jobId, expected, seen)))[0];
	}

	/** One batch per statement shape (first sighting or not, ended or not): a round trip or a few for all changes. */
	@Override
	public boolean[] recordStatuses(List<StatusChange> changes) {
		boolean[] recorded = new boolean[changes.size()];
		Map<String, List<Integer>> byStatement = new LinkedHashMap<>();
		for (int i = 0; i < changes.size(); i++) {
			byStatement.computeIfAbsent(recordStatement(changes.get(i)), (sql) -> new ArrayList<>()).add(i);
		}
		byStatement.forEach((sql, indexes) -> {
			List<Object[]> arguments = indexes.stream().map((i) -> recordArguments(changes.get(i))).toList();
			int[] counts = this.jdbc.batchUpdate(sql, arguments);
			for (int i = 0; i < indexes.size(); i++) {
				recorded[indexes.get(i)] = counts[i] == 1;
			}
		});
		return recorded;
	}

	private static String recordStatement(StatusChange change) {
		return "UPDATE reducto_tracked_job SET status = ?, job_type = COALESCE(?, job_type), "
				+ "created_no_earlier_than = COALESCE(?, created_no_earlier_than), ended_job = ?, "
				+ (change.seen().isTerminal() ? "ended_at = CURRENT_TIMESTAMP, event_published = FALSE, nudged = FALSE, "
						: "")
				+ "updated_at = CURRENT_TIMESTAMP WHERE application_id = ? AND job_id = ? AND ended_at IS NULL AND "
				+ ((change.expected() != null) ? "status = ?" : "status IS NULL");
	}

	private Object[] recordArguments(StatusChange change) {
		Job seen = change.seen();
		List<Object> arguments = new ArrayList<>();
		arguments.add(seen.status().name());
		arguments.add((seen.type() != null) ? seen.type().name() : null);
		arguments.add((seen.createdAt() != null) ? timestamp(seen.createdAt()) : null);
		arguments.add(seen.isTerminal() ? this.json.writeValueAsString(seen) : null);
		arguments.add(this.settings.applicationId());
		arguments.add(change.jobId());
		if (change.expected() != null) {
			arguments.add(change.expected().name());
		}
		return arguments.toArray();
	}

	/** Gives the job up: it is no longer followed, and its row goes with the retention. */
	@Override
	public void remove(String jobId) {
		this.jdbc.update("UPDATE reducto_tracked_job SET deadline = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP "
				+ "WHERE application_id = ? AND job_id = ? AND ended_at IS NULL", this.settings.applicationId(), jobId);
	}

	@Override
	public boolean holdPollerLease() {
		return this.lease.hold();
	}

	@Override
	public void releasePollerLease() {
		this.lease.release();
	}

	/** Which instance holds the poller's lease now, if any. */
	public @Nullable String pollerLeaseHolder() {
		return this.lease.holder(this.jdbc);
	}

	@Override
	public List<TrackedJob> unfinished() {
		purgeIfDue();
		return this.jdbc.query(
				"SELECT " + COLUMNS + " FROM reducto_tracked_job WHERE application_id = ? AND ended_at IS NULL "
						+ "AND deadline > CURRENT_TIMESTAMP ORDER BY deadline LIMIT " + MAX_UNFINISHED,
				this.rows, this.settings.applicationId());
	}

	@Override
	public void nudge(String jobId) {
		this.jdbc.update("UPDATE reducto_tracked_job SET nudged = TRUE WHERE application_id = ? AND job_id = ? "
				+ "AND ended_at IS NULL", this.settings.applicationId(), jobId);
	}

	@Override
	public List<String> takeNudged() {
		List<String> nudged = this.jdbc.queryForList(
				"SELECT job_id FROM reducto_tracked_job WHERE application_id = ? AND nudged LIMIT 1000", String.class,
				this.settings.applicationId());
		if (!nudged.isEmpty()) {
			this.named.update(
					"UPDATE reducto_tracked_job SET nudged = FALSE WHERE application_id = :application "
							+ "AND job_id IN (:ids)",
					new MapSqlParameterSource("application", this.settings.applicationId()).addValue("ids", nudged));
		}
		return nudged;
	}

	@Override
	public List<Job> unpublishedEnds() {
		return this.jdbc.query(
				"SELECT ended_job FROM reducto_tracked_job WHERE application_id = ? AND NOT event_published "
						+ "AND ended_job IS NOT NULL",
				(rs, row) -> this.json.readValue(rs.getString(1), Job.class), this.settings.applicationId());
	}

	@Override
	public void markPublished(Collection<String> jobIds) {
		List<String> ids = List.copyOf(jobIds);
		for (int from = 0; from < ids.size(); from += IN_CLAUSE_CHUNK) {
			this.named.update(
					"UPDATE reducto_tracked_job SET event_published = TRUE WHERE application_id = :application "
							+ "AND job_id IN (:ids)",
					new MapSqlParameterSource("application", this.settings.applicationId()).addValue("ids",
							ids.subList(from, Math.min(ids.size(), from + IN_CLAUSE_CHUNK))));
		}
	}

	/**
	 * Deletes the rows of jobs that ended, or were given up, longer than the retention ago.
	 * @return how many rows were deleted
	 */
	public int purge() {
		Object cutoff = timestamp(JdbcPollerLease.databaseNow(this.jdbc).minus(this.settings.retention()));
		return this.jdbc.update("DELETE FROM reducto_tracked_job WHERE application_id = ? AND ((ended_at IS NOT NULL "
				+ "AND ended_at < ?) OR (ended_at IS NULL AND deadline < ?))", this.settings.applicationId(), cutoff,
				cutoff);
	}

	private void purgeIfDue() {
		long now = System.nanoTime();
		long due = this.nextPurgeAt.get();
		if (now - due >= 0 && this.nextPurgeAt.compareAndSet(due, now + PURGE_EVERY_NANOS)) {
			purge();
		}
	}

	private TrackedJob trackedJob(ResultSet rs, int row) throws SQLException {
		String status = rs.getString("status");
		String ended = rs.getString("ended_job");
		return new TrackedJob(rs.getString("job_id"), (status != null) ? JobStatus.valueOf(status) : null,
				rs.getObject("created_no_earlier_than", OffsetDateTime.class).toInstant(),
				(ended != null) ? this.json.readValue(ended, Job.class) : null);
	}

	@Override
	public String toString() {
		return "JdbcTrackedJobRegistry[application=" + this.settings.applicationId() + ", instance="
				+ this.settings.instanceId() + "]";
	}

}
