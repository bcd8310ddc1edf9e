package io.github.reductospring.autoconfigure;

import java.time.Duration;

import io.github.reductospring.client.http.ConnectionPoolSettings;

/**
 * The client's own connection pool, apart from the one the application's other WebClients share (Reactor Netty
 * connector only; timeouts are {@code reducto.connect-timeout} and {@code reducto.read-timeout}). The defaults are
 * {@link ConnectionPoolSettings#DEFAULTS}, written out so that the configuration metadata shows them.
 */
public class ReductoHttpProperties {

	/**
	 * Most connections to Reducto open at once.
	 */
	private int maxConnections = 500;

	/**
	 * Most calls waiting for a connection; -1 for no limit (calls wait, bounded by their deadline, instead of failing).
	 */
	private int maxPendingAcquisitions = -1;

	/**
	 * How long an idle connection is kept; keep it below the idle timeout of proxies and load balancers on the way.
	 */
	private Duration maxIdleTime = Duration.ofSeconds(20);

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	public int getMaxPendingAcquisitions() {
		return this.maxPendingAcquisitions;
	}

	public void setMaxPendingAcquisitions(int maxPendingAcquisitions) {
		this.maxPendingAcquisitions = maxPendingAcquisitions;
	}

	public Duration getMaxIdleTime() {
		return this.maxIdleTime;
	}

	public void setMaxIdleTime(Duration maxIdleTime) {
		this.maxIdleTime = maxIdleTime;
	}

	/** These properties as the client's settings. */
	ConnectionPoolSettings toSettings() {
		return new ConnectionPoolSettings(this.maxConnections, this.maxPendingAcquisitions, this.maxIdleTime);
	}

}
