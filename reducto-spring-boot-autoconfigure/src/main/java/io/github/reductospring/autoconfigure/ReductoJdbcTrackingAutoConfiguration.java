package io.github.reductospring.autoconfigure;

import java.util.List;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.jdbc.init.PlatformPlaceholderDatabaseDriverResolver;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.reductospring.client.tracking.ClusterCoordination;
import io.github.reductospring.client.tracking.TrackedJobRegistry;
import io.github.reductospring.client.tracking.TrackingSettings;
import io.github.reductospring.tracking.jdbc.JdbcClusterCoordination;
import io.github.reductospring.tracking.jdbc.JdbcTrackedJobRegistry;
import io.github.reductospring.tracking.jdbc.JdbcTrackingSettings;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the job registry in the application's {@link DataSource}
 * when {@code reducto.tracking.store=jdbc}: shared by the application's instances (one polls for all), kept across
 * restarts. Creates its tables from the shipped {@code schema-<platform>.sql} as
 * {@code reducto.tracking.jdbc.initialize-schema} says, and checks at startup that they are there.
 */
@AutoConfiguration(before = ReductoAutoConfiguration.class,
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ JdbcTrackedJobRegistry.class, JdbcTemplate.class, DataSourceScriptDatabaseInitializer.class })
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnProperty(name = "reducto.tracking.store", havingValue = "jdbc")
@ConditionalOnMissingBean(TrackedJobRegistry.class)
@EnableConfigurationProperties(ReductoProperties.class)
public final class ReductoJdbcTrackingAutoConfiguration {

	/** The shipped schemas, one per platform ({@code postgresql}, {@code h2}). */
	static final String SCHEMA = "classpath:io/github/reductospring/tracking/jdbc/schema-@@platform@@.sql";

	@Bean
	@ConditionalOnMissingBean(name = "reductoTrackingSchemaInitializer")
	DataSourceScriptDatabaseInitializer reductoTrackingSchemaInitializer(DataSource dataSource,
			ReductoProperties properties, Environment environment) {
		DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
		List<String> schemas;
		try {
			schemas = new PlatformPlaceholderDatabaseDriverResolver().resolveAll(dataSource, SCHEMA);
		}
		catch (RuntimeException ex) {
			// Resolving the platform is the first connection: Boot reports "Failed to determine DatabaseDriver" and
			// hides the cause under a hundred lines.
			throw unreachable(environment, ex);
		}
		settings.setSchemaLocations(schemas);
		settings.setMode(switch (properties.getTracking().getJdbc().getInitializeSchema()) {
			case ALWAYS -> DatabaseInitializationMode.ALWAYS;
			case NEVER -> DatabaseInitializationMode.NEVER;
			case EMBEDDED -> DatabaseInitializationMode.EMBEDDED;
		});
		return new DataSourceScriptDatabaseInitializer(dataSource, settings);
	}

	@Bean
	JdbcTrackedJobRegistry jdbcTrackedJobRegistry(DataSource dataSource, ReductoProperties properties,
			Environment environment, DataSourceScriptDatabaseInitializer reductoTrackingSchemaInitializer) {
		ReductoTrackingProperties tracking = properties.getTracking();
		ReductoTrackingProperties.Jdbc jdbc = tracking.getJdbc();
		TrackingSettings trackingSettings = ReductoClientSetup.tracking(properties, false, environment);
		JdbcTrackingSettings settings = ReductoSettingNames.fromProperties(() -> {
			JdbcTrackingSettings base = JdbcTrackingSettings.of(trackingSettings.applicationId())
				.withFollowFor(tracking.getDefaultTimeout())
				.withLeaseTtl(jdbc.getLeaseTtl())
				.withRetention(jdbc.getRetention());
			return (jdbc.getInstanceId() != null) ? base.withInstanceId(jdbc.getInstanceId()) : base;
		}, ReductoSettingNames.CORRECT_PROPERTY);
		JdbcTrackedJobRegistry registry = new JdbcTrackedJobRegistry(dataSource, settings);
		try {
			registry.checkSchema();
		}
		catch (DataAccessResourceFailureException ex) {
			throw unreachable(environment, ex);
		}
		catch (IllegalStateException ex) {
			throw new ReductoConfigurationException("reducto.tracking.store=jdbc: " + ex.getMessage(),
					"Set reducto.tracking.jdbc.initialize-schema=always, or create the tables with Flyway or "
							+ "Liquibase from " + JdbcTrackedJobRegistry.postgresqlSchema() + ".",
					ex);
		}
		return registry;
	}

	@Bean
	@ConditionalOnMissingBean
	ClusterCoordination jdbcClusterCoordination(JdbcTrackedJobRegistry jdbcTrackedJobRegistry,
			ReductoProperties properties) {
		return new JdbcClusterCoordination(jdbcTrackedJobRegistry, properties.getTracking().getBulkInterval());
	}

	/** The database cannot be reached: where it was looked for, without credentials, and what to check. */
	private static ReductoConfigurationException unreachable(Environment environment, RuntimeException ex) {
		String url = environment.getProperty("spring.datasource.url");
		String where = (url != null) ? "at " + withoutCredentials(url) + " (spring.datasource.url)"
				: "through the application's DataSource";
		return new ReductoConfigurationException("reducto.tracking.store=jdbc: the database cannot be reached " + where
				+ ": " + withoutCredentials(String.valueOf(NestedExceptionUtils.getMostSpecificCause(ex).getMessage())),
				"Check that the database is running and reachable at spring.datasource.url, with the user and password "
						+ "the application is given (spring.datasource.username, spring.datasource.password); or, to "
						+ "track jobs in this instance only, set reducto.tracking.store=memory.",
				ex);
	}

	/** A JDBC URL's user information and parameters may hold a password: both are left out. */
	static String withoutCredentials(String text) {
		return text.replaceAll("//[^/@\\s]*@", "//").replaceAll("(jdbc:[^\\s?;]*)[?;]\\S*", "$1");
	}

}
