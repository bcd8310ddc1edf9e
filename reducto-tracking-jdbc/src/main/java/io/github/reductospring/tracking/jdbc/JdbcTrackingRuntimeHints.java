package io.github.reductospring.tracking.jdbc;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What a native image needs for the JDBC registry, registered through {@code META-INF/spring/aot.factories}: its
 * schema scripts, which the starter runs at startup. The jobs it stores as JSON are the client's types, whose hints
 * the client registers.
 */
public final class JdbcTrackingRuntimeHints implements RuntimeHintsRegistrar {

	/** The schema scripts, one per platform. */
	static final String SCHEMAS = "io/github/reductospring/tracking/jdbc/schema-*.sql";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern(SCHEMAS);
	}

}
