package io.github.reductospring.tracking.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Real databases for tests: one embedded PostgreSQL per test JVM (started on first use, its binaries from Maven
 * Central, pooled as applications pool it), and H2 in memory. Tests keep apart by application id, not by database.
 * Shared as this module's test jar.
 */
public final class Databases {

	private static EmbeddedPostgres postgres;

	private static HikariDataSource pooled;

	private Databases() {
	}

	/** The PostgreSQL of this test run, with the shipped schema. */
	public static synchronized DataSource postgres() {
		if (postgres == null) {
			try {
				postgres = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start the embedded PostgreSQL", ex);
			}
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					pooled.close();
					postgres.close();
				}
				catch (IOException ex) {
					// the process ends anyway
				}
			}));
			HikariConfig pool = new HikariConfig();
			pool.setDataSource(postgres.getPostgresDatabase());
			pool.setMaximumPoolSize(8);
			pooled = new HikariDataSource(pool);
			populate(pooled, JdbcTrackedJobRegistry.postgresqlSchema());
		}
		// Not the pool itself: JUnit closes AutoCloseable arguments of parameterized tests.
		return new DelegatingDataSource(pooled);
	}

	/** A fresh H2 database in memory, with the shipped schema. */
	public static DataSource h2() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
		populate(dataSource, JdbcTrackedJobRegistry.h2Schema());
		return dataSource;
	}

	/** A new, empty database on the PostgreSQL of this test run: no schema in it. */
	public static DataSource emptyPostgresDatabase() {
		postgres();
		String name = "empty_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		new JdbcTemplate(pooled).execute("CREATE DATABASE " + name);
		return postgres.getDatabase("postgres", name);
	}

	/** An application id no other test uses. */
	public static String uniqueApplication() {
		return "app-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static void populate(DataSource dataSource, String schema) {
		ResourceDatabasePopulator populator = new ResourceDatabasePopulator(
				new DefaultResourceLoader().getResource(schema));
		// Twice: the scripts must be safe to run again at every start.
		populator.execute(dataSource);
		populator.execute(dataSource);
	}

}
