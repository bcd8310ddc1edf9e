package io.github.reductospring.tracking.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
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
 * <li>each status change is claimed by a compare-and-set on the row, so that it is reported once in the cluster, and
 * fenced by the lease's epoch, so that a poller that lost the lease claims nothing; an end is stored with the job
 * (without its result, which is read from Reducto where wanted) for waiters on other instances, and marked published
 * once the listeners it was delivered to returned;</li>
 * <li>a webhook delivery is marked on the job's row ({@code nudged}), whichever instance it reached, until the job's
 * end is recorded: that instance claims the end itself; should it not within {@link #HAND_OVER_GRACE}, the poller
 * is given the job, once per lease epoch, so that a poller that dies with it leaves it to the next;</li>
 * <li>one instance at a time holds the poller's lease, a row renewed every two seconds that others take over once it
 * is {@link JdbcTrackingSettings#leaseTtl()} old, measured on the database's clock, in a new epoch. A lease row works
 * through any connection pool or proxy, unlike a session-level advisory lock. The lease is renewed on a connection
 * kept for it (one per instance, taken from the pool), so that a busy pool cannot delay a renewal past the lease's
 * end.</li>
 * </ul>
 * {@link #remove(String)} gives a job up (a permanent read failure) rather than forgetting it: its row stays for the
 * retention, no longer followed. Every method blocks on the database; the tracker calls them off event loops.
 */
public final class JdbcTrackedJobRegistry implements TrackedJobRegistry, ClusterStore {

	/** The most jobs one {@link #unfinished()} gives: the poller adopts more at its next read. */
	static final int MAX_UNFINISHED = 20_000;

	private static final int IN_CLAUSE_CHUNK = 500;

	/**
	 * How long the instance a webhook reached has to record the job's end before the poller reads the job instead:
	 * it reads the job at once, so a mark older than this is one whose instance died or cannot reach Reducto.
	 */
	static final Duration HAND_OVER_GRACE = Duration.ofSeconds(2);

	/**
	 * How long after an end was recorded the listeners of the instance that recorded it have to return before the
	 * poller delivers it again: that instance died, or its listeners lag this far behind.
	 */
	static final Duration UNPUBLISHED_GRACE = Duration.ofSeconds(15);

	private static final long PURGE_EVERY_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(10);

	private static final String COLUMNS = "job_id, status, created_no_earlier_than, ended_job";

	/** The fence of a claim: the lease is still this instance's, in the epoch it was taken in (three parameters). */
	private static final String HOLDS_EPOCH = "EXISTS (SELECT 1 FROM reducto_poller_lease WHERE application_id = ? "
			+ "AND owner = ? AND epoch = ?)";

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
	 * @throws DataAccessResourceFailureException when the database cannot be reached
	 */
	public void checkSchema() {
		// The columns added last: a table made by an older version lacks them until the script runs again.
		for (Map.Entry<String, String> table : List.of(Map.entry("reducto_tracked_job", "nudge_epoch"),
				Map.entry("reducto_poller_lease", "epoch"))) {
			try {
				this.jdbc.queryForList(
						"SELECT COUNT(" + table.getValue() + ") FROM " + table.getKey() + " WHERE 1 = 0");
			}
			catch (DataAccessResourceFailureException unreachable) {
				throw unreachable; // not a schema's fault
			}
			catch (DataAccessException ex) {
				throw new IllegalStateException("The table " + table.getKey() + " of the Reducto job registry cannot "
						+ "be read, or lacks its column " + table.getValue() + " ("
						+ ex.getMostSpecificCause().getMessage() + "). Create or update it from " + postgresqlSchema()
						+ " (a Flyway or Liquibase migration; "
						+ "the script is safe to run again), or let the application run it at startup.", ex);
			}
		}
	}

	/** The settings this registry runs with. */
	public JdbcTrackingSettings settings() {
		return this.settings;
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

	/**
	 * One batch per statement shape (first sighting or not, ended or not): a round trip or a few for all changes.
	 * <p>
	 * Every write of several rows here is a batch of one-row statements in job id order, never an {@code IN} list
	 * (which PostgreSQL may lock in the table's physical order): instances writing the same rows then wait for each
	 * other instead of deadlocking.
	 */
	@Override
	public boolean[] recordStatuses(List<StatusChange> changes) {
		boolean[] recorded = new boolean[changes.size()];
		// Read once: the renewal thread may change it meanwhile, and the statements and their arguments must agree.
		long epoch = this.lease.epoch();
		Map<String, List<Integer>> byStatement = new LinkedHashMap<>();
		// Rows are locked in the order written: in job id order, as every instance writes them, so that two
		// instances writing the same rows wait for each other instead of deadlocking.
		List<Integer> inJobIdOrder = new ArrayList<>();
		for (int i = 0; i < changes.size(); i++) {
			inJobIdOrder.add(i);
		}
		inJobIdOrder.sort(Comparator.comparing((Integer i) -> changes.get(i).jobId()));
		for (int i : inJobIdOrder) {
			byStatement.computeIfAbsent(recordStatement(changes.get(i), epoch != 0), (sql) -> new ArrayList<>()).add(i);
		}
		byStatement.forEach((sql, indexes) -> {
			List<Object[]> arguments = indexes.stream().map((i) -> recordArguments(changes.get(i), epoch)).toList();
			int[] counts = this.jdbc.batchUpdate(sql, arguments);
			for (int i = 0; i < indexes.size(); i++) {
				recorded[indexes.get(i)] = counts[i] == 1;
			}
		});
		return recorded;
	}

	/**
	 * A compare-and-set on the job's status; made by the poller, as far as it knows, it is fenced too: it changes
	 * nothing once another instance has taken the lease over.
	 */
	private static String recordStatement(StatusChange change, boolean fenced) {
		return "UPDATE reducto_tracked_job SET status = ?, job_type = COALESCE(?, job_type), "
				+ "created_no_earlier_than = COALESCE(?, created_no_earlier_than), ended_job = ?, "
				+ (change.seen().isTerminal() ? "ended_at = CURRENT_TIMESTAMP, event_published = FALSE, nudged = FALSE, "
						: "")
				+ "updated_at = CURRENT_TIMESTAMP WHERE application_id = ? AND job_id = ? AND ended_at IS NULL AND "
				+ ((change.expected() != null) ? "status = ?" : "status IS NULL")
				+ (fenced ? " AND " + HOLDS_EPOCH : "");
	}

	private Object[] recordArguments(StatusChange change, long epoch) {
		Job seen = change.seen();
		List<Object> arguments = new ArrayList<>();
		arguments.add(seen.status().name());
		arguments.add((seen.type() != null) ? seen.type().name() : null);
		arguments.add((seen.createdAt() != null) ? timestamp(seen.createdAt()) : null);
		arguments.add(seen.isTerminal() ? this.json.writeValueAsString(withoutDocument(seen)) : null);
		arguments.add(this.settings.applicationId());
		arguments.add(change.jobId());
		if (change.expected() != null) {
			arguments.add(change.expected().name());
		}
		if (epoch != 0) {
			arguments.add(this.settings.applicationId());
			arguments.add(this.settings.instanceId());
			arguments.add(epoch);
		}
		return arguments.toArray();
	}

	/**
	 * The job as a waiter elsewhere needs it to finish, without what can be large or private: its result (a parse
	 * result holds the document's text) and its configuration. Whoever needs the result reads it from Reducto.
	 */
	private static Job withoutDocument(Job ended) {
		return new Job(ended.jobId(), ended.status(), ended.rawStatus(), ended.type(), ended.progress(), null,
				ended.error(), ended.createdAt(), ended.completedAt(), ended.duration(), ended.numPages(),
				ended.totalPages(), null);
	}

	/** An ended job as stored: kept without its result, which reads back as JSON null, given as no result. */
	private Job ended(String stored) {
		return withoutDocument(this.json.readValue(stored, Job.class));
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

	/** The ended rows of this application whose {@code ended_at} is within the window, on the database's clock. */
	@Override
	public List<TrackedJob> endedWithin(Duration window) {
		Instant since = JdbcPollerLease.databaseNow(this.jdbc).minus(window);
		return this.jdbc.query("SELECT " + COLUMNS + " FROM reducto_tracked_job WHERE application_id = ? "
				+ "AND ended_at >= ?", this.rows, this.settings.applicationId(), timestamp(since));
	}

	/**
	 * Marks a job that a webhook named: the instance it reached reads the job and claims its end itself; should it die
	 * first, the poller reads it once the mark is {@link #HAND_OVER_GRACE} old.
	 */
	@Override
	public void nudge(String jobId) {
		this.jdbc.update("UPDATE reducto_tracked_job SET nudged = TRUE, nudge_epoch = NULL, updated_at = "
				+ "CURRENT_TIMESTAMP WHERE application_id = ? AND job_id = ? AND ended_at IS NULL",
				this.settings.applicationId(), jobId);
	}

	/**
	 * The jobs handed over at least {@link #HAND_OVER_GRACE} ago whose end is not recorded yet and that were not given
	 * to the lease holder in its epoch, each then marked given in it. A hand-over stays until the job's end is
	 * recorded, so that when the poller that took it dies, the next one is given it again with its lease. Nothing for
	 * an instance that does not hold the lease.
	 */
	@Override
	public List<String> takeNudged() {
		long epoch = this.lease.epoch();
		if (epoch == 0) {
			return List.of();
		}
		// Hand-overs younger than the grace are the receiving instance's to claim: it is reading the job.
		List<String> nudged = this.jdbc.queryForList("SELECT job_id FROM reducto_tracked_job WHERE application_id = ? "
				+ "AND nudged AND ended_at IS NULL AND (nudge_epoch IS NULL OR nudge_epoch <> ?) AND updated_at < ? "
				+ "LIMIT 1000", String.class, this.settings.applicationId(), epoch,
				timestamp(JdbcPollerLease.databaseNow(this.jdbc).minus(HAND_OVER_GRACE)));
		if (nudged.isEmpty()) {
			return nudged;
		}
		List<String> inOrder = nudged.stream().sorted().toList();
		int[] given = this.jdbc.batchUpdate("UPDATE reducto_tracked_job SET nudge_epoch = ? WHERE application_id = ? "
				+ "AND job_id = ? AND " + HOLDS_EPOCH, inOrder.stream()
					.map((id) -> new Object[] { epoch, this.settings.applicationId(), id, this.settings.applicationId(),
							this.settings.instanceId(), epoch })
					.toList());
		List<String> taken = new ArrayList<>();
		for (int i = 0; i < given.length; i++) {
			if (given[i] != 0) {
				taken.add(inOrder.get(i));
			}
		}
		return taken;
	}

	/**
	 * Ends recorded at least {@link #UNPUBLISHED_GRACE} ago and not marked published: the instance that recorded each
	 * stopped before its listeners returned, or they are that slow.
	 */
	@Override
	public List<Job> unpublishedEnds() {
		return this.jdbc.query(
				"SELECT ended_job FROM reducto_tracked_job WHERE application_id = ? AND NOT event_published "
						+ "AND ended_job IS NOT NULL AND ended_at < ? ORDER BY ended_at LIMIT 1000",
				(rs, row) -> ended(rs.getString(1)), this.settings.applicationId(),
				timestamp(JdbcPollerLease.databaseNow(this.jdbc).minus(UNPUBLISHED_GRACE)));
	}

	@Override
	public void markPublished(Collection<String> jobIds) {
		this.jdbc.batchUpdate("UPDATE reducto_tracked_job SET event_published = TRUE WHERE application_id = ? AND "
				+ "job_id = ?", jobIds.stream().sorted().map((id) -> new Object[] { this.settings.applicationId(), id })
					.toList());
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
				(ended != null) ? ended(ended) : null);
	}

	@Override
	public String toString() {
		return "JdbcTrackedJobRegistry[application=" + this.settings.applicationId() + ", instance="
				+ this.settings.instanceId() + "]";
	}

}
