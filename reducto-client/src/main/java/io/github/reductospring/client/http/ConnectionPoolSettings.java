package io.github.reductospring.client.http;

import java.time.Duration;
import java.util.Objects;

import reactor.netty.resources.ConnectionProvider;

/**
 * The client's own connection pool (Reactor Netty), apart from the pool that other WebClients of the application
 * share: Reducto's pace and Reducto's failures stay with Reducto's calls.
 *
 * @param maxConnections most connections open at once
 * @param maxPendingAcquisitions most calls waiting for a connection, {@code -1} for no limit: a burst of calls then
 * waits (its call deadline bounds the wait) instead of failing
 * @param maxIdleTime how long an idle connection is kept; below the 30 to 60 s after which servers and load balancers
 * often close them, so that no request is sent on a connection the other side is closing
 */
public record ConnectionPoolSettings(int maxConnections, int maxPendingAcquisitions, Duration maxIdleTime) {

	/** 500 connections, calls beyond them wait, idle connections closed after 20 s. */
	public static final ConnectionPoolSettings DEFAULTS = new ConnectionPoolSettings(500, -1, Duration.ofSeconds(20));

	public ConnectionPoolSettings {
		if (maxConnections < 1) {
			throw new IllegalArgumentException("ConnectionPoolSettings.maxConnections must be at least 1, got " + maxConnections);
		}
		if (maxPendingAcquisitions < -1 || maxPendingAcquisitions == 0) {
			throw new IllegalArgumentException(
					"ConnectionPoolSettings.maxPendingAcquisitions must be at least 1, or -1 for no limit, got " + maxPendingAcquisitions);
		}
		Objects.requireNonNull(maxIdleTime, "maxIdleTime");
		if (maxIdleTime.isNegative() || maxIdleTime.isZero()) {
			throw new IllegalArgumentException("ConnectionPoolSettings.maxIdleTime must be positive, got " + maxIdleTime);
		}
	}

	/** A new pool with these settings; idle connections are also evicted in the background, every half idle time. */
	public ConnectionProvider newPool(String name) {
		return ConnectionProvider.builder(name)
			.maxConnections(this.maxConnections)
			.pendingAcquireMaxCount(this.maxPendingAcquisitions)
			.maxIdleTime(this.maxIdleTime)
			.evictInBackground(this.maxIdleTime.dividedBy(2))
			.build();
	}

}
