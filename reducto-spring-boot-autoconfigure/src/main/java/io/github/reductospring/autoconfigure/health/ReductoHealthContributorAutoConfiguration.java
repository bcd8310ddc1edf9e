package io.github.reductospring.autoconfigure.health;


import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;

import io.github.reductospring.autoconfigure.ReductoAutoConfiguration;
import io.github.reductospring.autoconfigure.ReductoConfigurationException;
import io.github.reductospring.autoconfigure.ReductoConnectionDetails;
import io.github.reductospring.autoconfigure.ReductoHealthProperties;
import io.github.reductospring.autoconfigure.ReductoProperties;
import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.tracking.JobTracker;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@code reducto} health indicator, switched by
 * {@code management.health.reducto.enabled}. It backs off when actuator's health support is absent or the
 * application defines {@code reductoHealthIndicator} or {@code reductoHealthContributor} itself.
 */
@AutoConfiguration(after = ReductoAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ AbstractReactiveHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class,
		ReactiveJobOperations.class })
@ConditionalOnBean({ ReactiveJobOperations.class, JobTracker.class })
@ConditionalOnEnabledHealthIndicator("reducto")
public final class ReductoHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "reductoHealthIndicator", "reductoHealthContributor" })
	ReductoHealthIndicator reductoHealthIndicator(ReactiveJobOperations operations, ObjectProvider<JobTracker> tracker,
			ReductoConnectionDetails connection, ReductoProperties properties) {
		ReductoHealthProperties health = properties.getHealth();
		if (health.getFailureRatioThreshold() <= 0 || health.getFailureRatioThreshold() > 1) {
			throw new ReductoConfigurationException(
					"reducto.health.failure-ratio-threshold must be above 0 and at most 1, got "
							+ health.getFailureRatioThreshold(),
					"Set reducto.health.failure-ratio-threshold to a share such as 0.5.");
		}
		return new ReductoHealthIndicator(operations, tracker::getObject, connection.getBaseUrl(),
				new ReductoHealthIndicator.Settings(health.getTimeout(), health.getCacheTtl(), health.getFailureWindow(),
						health.getFailureRatioThreshold(), health.getMinimumEndedJobs(),
						(health.getFailureStatus() == ReductoHealthProperties.FailureStatus.DOWN) ? Status.DOWN
								: ReductoHealthIndicator.DEGRADED));
	}

}
