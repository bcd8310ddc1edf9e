package io.github.reductospring.tracking.jdbc;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How the JDBC registry shares tracking between the instances of one application.
 *
 * @param applicationId the application whose jobs these are (rows of other applications are never read)
 * @param instanceId this instance, as it appears in the poller's lease and as the owner of the jobs it registers
 * @param followFor how long a job registered without a deadline of its own is followed, at most
 * @param leaseTtl how long the poller's lease holds without renewal: the longest takeover after the poller dies
 * (renewed every two seconds, so at least five seconds)
 * @param retention how long rows of ended (or given up) jobs are kept
 */
public record JdbcTrackingSettings(String applicationId, String instanceId, Duration followFor, Duration leaseTtl,
		Duration retention) {

	/** The default lease: another instance takes over within it, plus one renewal interval, after the poller dies. */
	public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(8);

	/** The default retention of ended jobs' rows. */
	public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

	public JdbcTrackingSettings {
		Objects.requireNonNull(applicationId, "applicationId");
		Objects.requireNonNull(instanceId, "instanceId");
		Objects.requireNonNull(followFor, "followFor");
		Objects.requireNonNull(leaseTtl, "leaseTtl");
		Objects.requireNonNull(retention, "retention");
		if (instanceId.isBlank() || instanceId.length() > 200) {
			throw new IllegalArgumentException(
					"JdbcTrackingSettings.instanceId must be 1 to 200 characters, got " + instanceId.length());
		}
		if (leaseTtl.compareTo(Duration.ofSeconds(5)) < 0) {
			throw new IllegalArgumentException("JdbcTrackingSettings.leaseTtl must be 5s or more (the lease is renewed "
					+ "every 2s), got " + leaseTtl);
		}
		if (followFor.isNegative() || followFor.isZero() || retention.isNegative() || retention.isZero()) {
			throw new IllegalArgumentException(
					"JdbcTrackingSettings.followFor and JdbcTrackingSettings.retention must be positive");
		}
	}

	/** Settings for an application, with a generated instance id, one hour per job, the default lease and retention. */
	public static JdbcTrackingSettings of(String applicationId) {
		return new JdbcTrackingSettings(applicationId, generatedInstanceId(), Duration.ofHours(1), DEFAULT_LEASE_TTL,
				DEFAULT_RETENTION);
	}

	/** These settings with another instance id. */
	public JdbcTrackingSettings withInstanceId(String instanceId) {
		return new JdbcTrackingSettings(this.applicationId, instanceId, this.followFor, this.leaseTtl, this.retention);
	}

	/** These settings with another lease time-to-live. */
	public JdbcTrackingSettings withLeaseTtl(Duration leaseTtl) {
		return new JdbcTrackingSettings(this.applicationId, this.instanceId, this.followFor, leaseTtl, this.retention);
	}

	/** These settings with another retention. */
	public JdbcTrackingSettings withRetention(Duration retention) {
		return new JdbcTrackingSettings(this.applicationId, this.instanceId, this.followFor, this.leaseTtl, retention);
	}

	/** These settings with another longest follow-up per job. */
	public JdbcTrackingSettings withFollowFor(Duration followFor) {
		return new JdbcTrackingSettings(this.applicationId, this.instanceId, followFor, this.leaseTtl, this.retention);
	}

	/** Host, process id and a random suffix: unique per start, readable in the lease table. */
	public static String generatedInstanceId() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (Exception ex) {
			host = "unknown-host";
		}
		long pid = ProcessHandle.current().pid();
		String id = host + ":" + pid + ":" + UUID.randomUUID().toString().substring(0, 8);
		return (id.length() > 200) ? id.substring(id.length() - 200) : id;
	}

}
