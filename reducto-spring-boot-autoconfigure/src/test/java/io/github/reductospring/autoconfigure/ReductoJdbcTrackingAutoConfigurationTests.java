package io.github.reductospring.autoconfigure;

import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.github.reductospring.client.tracking.ClusterCoordination;
import io.github.reductospring.client.tracking.JobTracker;
import io.github.reductospring.client.tracking.TrackedJobRegistry;
import io.github.reductospring.emulator.ReductoEmulatorExtension;
import io.github.reductospring.tracking.jdbc.Databases;
import io.github.reductospring.tracking.jdbc.JdbcClusterCoordination;
import io.github.reductospring.tracking.jdbc.JdbcTrackedJobRegistry;

import static io.github.reductospring.autoconfigure.ReductoTestSetup.emulatorProperties;
import static io.github.reductospring.autoconfigure.ReductoTestSetup.reductoWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ReductoJdbcTrackingAutoConfiguration}, on a real PostgreSQL and on H2.
 */
class ReductoJdbcTrackingAutoConfigurationTests {

	@RegisterExtension
	static ReductoEmulatorExtension reducto = new ReductoEmulatorExtension();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(reductoWith(ReductoJdbcTrackingAutoConfiguration.class))
		.withPropertyValues(emulatorProperties(reducto.emulator()));

	private static String description(Throwable failure) {
		return new ReductoConfigurationFailureAnalyzer().analyze(failure).getDescription();
	}

	private static String action(Throwable failure) {
		return new ReductoConfigurationFailureAnalyzer().analyze(failure).getAction();
	}

	@Test
	void theStoreIsInMemoryUnlessSetToJdbc() {
		this.runner.withBean(DataSource.class, Databases::h2)
			.run((context) -> {
				assertThat(context.getBean(TrackedJobRegistry.class)).isNotInstanceOf(JdbcTrackedJobRegistry.class);
				assertThat(context).doesNotHaveBean(ClusterCoordination.class);
				assertThat(context.getBean(JobTracker.class).isShared()).isFalse();
			});
	}

	@Test
	void onPostgresqlTheSchemaIsCreatedWhenAskedAndTheTrackerTakesPartInTheCluster() {
		String application = Databases.uniqueApplication();
		this.runner.withBean(DataSource.class, Databases::postgres)
			.withPropertyValues("reducto.tracking.store=jdbc", "reducto.tracking.jdbc.initialize-schema=always",
					"spring.application.name=" + application, "reducto.tracking.jdbc.instance-id=instance-1",
					"reducto.tracking.jdbc.retention=3d", "reducto.tracking.default-timeout=20m")
			.run((context) -> {
				JdbcTrackedJobRegistry registry = context.getBean(JdbcTrackedJobRegistry.class);
				assertThat(registry.settings().applicationId()).isEqualTo(application);
				assertThat(registry.settings().instanceId()).isEqualTo("instance-1");
				assertThat(registry.settings().retention()).isEqualTo(Duration.ofDays(3));
				assertThat(registry.settings().followFor()).isEqualTo(Duration.ofMinutes(20));
				// Made and started with the context, though nothing asked for it: it takes the poller's lease with no
				// job tracked yet.
				await().atMost(Duration.ofSeconds(20)).until(() -> "instance-1".equals(registry.pollerLeaseHolder()));
				assertThat(context.getBean(JobTracker.class).isPolling()).isTrue();
				assertThat(context).hasSingleBean(JdbcClusterCoordination.class);
			});
	}

	@Test
	void onAnEmbeddedDatabaseTheSchemaIsCreatedByDefault() {
		DataSource h2 = Databases.h2();
		new JdbcTemplate(h2).execute("DROP ALL OBJECTS");
		this.runner.withBean(DataSource.class, () -> h2)
			.withPropertyValues("reducto.tracking.store=jdbc")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(new JdbcTemplate(h2).queryForObject("SELECT COUNT(*) FROM reducto_tracked_job",
						Integer.class)).isZero();
			});
	}

	@Test
	void aMissingSchemaFailsStartupNamingTheScript() {
		DataSource empty = Databases.emptyPostgresDatabase();
		this.runner.withBean(DataSource.class, () -> empty)
			.withPropertyValues("reducto.tracking.store=jdbc")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(description(context.getStartupFailure())).contains("reducto.tracking.store=jdbc",
						"reducto_tracked_job");
				assertThat(action(context.getStartupFailure()))
					.contains("reducto.tracking.jdbc.initialize-schema=always", "schema-postgresql.sql");
			});
	}

	@Test
	void aDatabaseThatCannotBeReachedFailsStartupNamingItsAddressAndWhatToCheck() {
		String url = "jdbc:postgresql://127.0.0.1:1/billing?password=hunter2";
		this.runner.withBean(DataSource.class, () -> new DriverManagerDataSource(url, "billing", "hunter2"))
			.withPropertyValues("reducto.tracking.store=jdbc", "spring.datasource.url=" + url)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(description(context.getStartupFailure())).contains("reducto.tracking.store=jdbc",
						"jdbc:postgresql://127.0.0.1:1/billing", "cannot be reached").doesNotContain("hunter2");
				assertThat(action(context.getStartupFailure())).contains("spring.datasource.url",
						"reducto.tracking.store=memory").doesNotContain("hunter2");
			});
	}

	@Test
	void theJdbcStoreWithoutADataSourceOrWithoutTheModuleFailsStartup() {
		this.runner.withPropertyValues("reducto.tracking.store=jdbc").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(description(context.getStartupFailure())).contains("DataSource");
			assertThat(action(context.getStartupFailure())).contains("reducto-tracking-jdbc",
					"reducto.tracking.store=memory");
		});
		this.runner.withClassLoader(new FilteredClassLoader(JdbcTrackedJobRegistry.class))
			.withBean(DataSource.class, Databases::h2)
			.withPropertyValues("reducto.tracking.store=jdbc")
			.run((context) -> assertThat(description(context.getStartupFailure()))
				.contains("reducto-tracking-jdbc"));
	}

	@Test
	void ofSeveralDataSourcesThePrimaryOneHoldsTheRegistry() {
		DataSource primary = Databases.h2();
		this.runner.withBean("primary", DataSource.class, () -> primary, (definition) -> definition.setPrimary(true))
			.withBean("other", DataSource.class, Databases::h2)
			.withPropertyValues("reducto.tracking.store=jdbc")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(JdbcTrackedJobRegistry.class));
		this.runner.withBean("one", DataSource.class, Databases::h2)
			.withBean("other", DataSource.class, Databases::h2)
			.withPropertyValues("reducto.tracking.store=jdbc")
			.run((context) -> assertThat(description(context.getStartupFailure())).contains("DataSource"));
	}

	@Test
	void aLeaseTooShortToRenewFailsStartupNamingTheProperty() {
		this.runner.withBean(DataSource.class, Databases::h2)
			.withPropertyValues("reducto.tracking.store=jdbc", "reducto.tracking.jdbc.lease-ttl=3s")
			.run((context) -> assertThat(description(context.getStartupFailure()))
				.contains("reducto.tracking.jdbc.lease-ttl", "5s"));
	}

	@Test
	void aCoordinationOfTheApplicationsOwnTakesOverAndTheTrackerJoinsIt() {
		this.runner.withBean(DataSource.class, Databases::h2)
			.withUserConfiguration(OwnCoordination.class)
			.withPropertyValues("reducto.tracking.store=jdbc", "reducto.tracking.jdbc.instance-id=own")
			.run((context) -> {
				assertThat(context).hasSingleBean(ClusterCoordination.class).hasBean("ownCoordination");
				JdbcTrackedJobRegistry registry = context.getBean(JdbcTrackedJobRegistry.class);
				// Joined at startup: it takes the poller's lease with no job tracked yet.
				await().atMost(Duration.ofSeconds(20)).until(() -> "own".equals(registry.pollerLeaseHolder()));
				assertThat(context.getBean(JobTracker.class).isShared()).isTrue();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnCoordination {

		@Bean
		ClusterCoordination ownCoordination(JdbcTrackedJobRegistry registry) {
			return new JdbcClusterCoordination(registry, Duration.ofSeconds(5));
		}

	}

	@Test
	void aRegistryOfTheApplicationsOwnTakesOver() {
		TrackedJobRegistry own = TrackedJobRegistry.inMemory();
		this.runner.withBean(DataSource.class, Databases::h2)
			.withBean(TrackedJobRegistry.class, () -> own)
			.withPropertyValues("reducto.tracking.store=jdbc")
			.run((context) -> {
				assertThat(context.getBean(TrackedJobRegistry.class)).isSameAs(own);
				assertThat(context).doesNotHaveBean("reductoTrackingSchemaInitializer")
					.doesNotHaveBean(ClusterCoordination.class);
			});
	}

}
