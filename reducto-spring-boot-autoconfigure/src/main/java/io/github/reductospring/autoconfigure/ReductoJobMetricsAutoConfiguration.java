package io.github.reductospring.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.github.reductospring.client.observation.ReductoJobMetrics;
import io.github.reductospring.client.tracking.JobTracker;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for job-state metrics ({@code reducto.jobs.*}), from the
 * {@link JobTracker} when there is one and a {@link MeterRegistry}. Apart from the call observations, which the
 * client needs before it is built, so that an application without the tracker still starts.
 */
@AutoConfiguration(after = ReductoAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, ReductoJobMetrics.class })
@ConditionalOnBean({ MeterRegistry.class, JobTracker.class })
public final class ReductoJobMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ReductoJobMetrics reductoJobMetrics(JobTracker tracker) {
		return new ReductoJobMetrics(tracker);
	}

}
