package io.github.reductospring.tracking.jdbc;

import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The poller's lease: a row in {@code reducto_poller_lease} per application, taken over by another instance once it
 * is {@link JdbcTrackingSettings#leaseTtl()} old on the database's clock, beginning a new epoch. Renewed on a
 * connection kept for it (one per instance, taken from the pool), so that a busy pool cannot delay a renewal past the
 * lease's end.
 */
final class JdbcPollerLease {

	private final DataSource dataSource;

	private final JdbcTrackingSettings settings;

	private @Nullable SingleConnectionDataSource connection;

	private volatile long epoch;

	JdbcPollerLease(DataSource dataSource, JdbcTrackingSettings settings) {
		this.dataSource = dataSource;
		this.settings = settings;
	}

	/**
	 * Takes or renews the lease; whether this instance holds it now. Taking it from another instance (or taking it
	 * for the first time) begins a new epoch; renewing keeps it.
	 */
	synchronized boolean hold() {
		return onOwnConnection((lease) -> {
			Instant now = databaseNow(lease);
			OffsetDateTime expires = timestamp(now.plus(this.settings.leaseTtl()));
			int taken = lease.update("UPDATE reducto_poller_lease SET epoch = CASE WHEN owner = ? AND epoch > 0 "
					+ "THEN epoch ELSE epoch + 1 END, owner = ?, expires_at = ? WHERE application_id = ? "
					+ "AND (owner = ? OR expires_at < ?)", this.settings.instanceId(), this.settings.instanceId(),
					expires, this.settings.applicationId(), this.settings.instanceId(), timestamp(now));
			if (taken == 0) {
				try {
					lease.update("INSERT INTO reducto_poller_lease (application_id, owner, expires_at, epoch) "
							+ "VALUES (?, ?, ?, 1)", this.settings.applicationId(), this.settings.instanceId(),
							expires);
				}
				catch (DuplicateKeyException heldElsewhere) {
					this.epoch = 0;
					return false;
				}
			}
			List<Long> epoch = lease.queryForList(
					"SELECT epoch FROM reducto_poller_lease WHERE application_id = ? AND owner = ?", Long.class,
					this.settings.applicationId(), this.settings.instanceId());
			if (epoch.isEmpty()) {
				this.epoch = 0;
				return false; // taken over between the two statements
			}
			this.epoch = epoch.get(0);
			return true;
		});
	}

	/**
	 * The epoch of the lease this instance holds as far as it knows (its last renewal went through, however long ago):
	 * every claim it makes as the poller carries it, so that once another instance has taken the lease over they change
	 * nothing, however long this one slept. {@code 0} while it knows it does not hold the lease: its claims are then
	 * those of any instance, compare-and-sets only.
	 */
	long epoch() {
		return this.epoch;
	}

	/**
	 * Gives the lease up if this instance holds it, and the connection kept for it. The row stays, expired, so that
	 * the next holder's epoch follows this one's.
	 */
	synchronized void release() {
		try {
			onOwnConnection((lease) -> lease.update(
					"UPDATE reducto_poller_lease SET expires_at = ? WHERE application_id = ? AND owner = ?",
					timestamp(Instant.EPOCH), this.settings.applicationId(), this.settings.instanceId()));
		}
		finally {
			closeOwnConnection();
		}
	}

	/** Which instance holds the lease now, if any; read through the given template. */
	@Nullable String holder(JdbcTemplate jdbc) {
		List<String> owners = jdbc.queryForList(
				"SELECT owner FROM reducto_poller_lease WHERE application_id = ? AND expires_at >= ?", String.class,
				this.settings.applicationId(), timestamp(databaseNow(jdbc)));
		return owners.isEmpty() ? null : owners.get(0);
	}

	/** Runs on the lease's own connection, taken from the pool once; a failure returns it, the next call takes another. */
	private <T> T onOwnConnection(Function<JdbcTemplate, T> work) {
		try {
			if (this.connection == null) {
				this.connection = new SingleConnectionDataSource(this.dataSource.getConnection(), true);
			}
			return work.apply(new JdbcTemplate(this.connection));
		}
		catch (SQLException ex) {
			throw new CannotGetJdbcConnectionException("Could not get a connection for the poller's lease", ex);
		}
		catch (RuntimeException ex) {
			closeOwnConnection();
			throw ex;
		}
	}

	private void closeOwnConnection() {
		SingleConnectionDataSource own = this.connection;
		this.connection = null;
		if (own != null) {
			// suppressClose keeps close() from reaching the pool's connection: destroy() hands it back.
			own.destroy();
		}
	}

	/** The database's clock: leases and retention are measured on it, so that instances' clocks may differ. */
	static Instant databaseNow(JdbcTemplate jdbc) {
		OffsetDateTime now = jdbc.queryForObject("SELECT CURRENT_TIMESTAMP",
				(rs, row) -> rs.getObject(1, OffsetDateTime.class));
		return Objects.requireNonNull(now).toInstant();
	}

	static OffsetDateTime timestamp(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
