package io.github.reductospring.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.github.reductospring.client.http.ReductoCallObserver;
import io.github.reductospring.client.observation.ObservationCallObserver;
import io.github.reductospring.client.observation.ReductoObservationConvention;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for Micrometer observations of Reducto calls (a
 * {@link ReductoCallObserver}, with a user's {@link ReductoObservationConvention} bean if one exists), before the
 * client is built; job-state metrics come from {@link ReductoJobMetricsAutoConfiguration}, after it.
 * {@code reducto.observations.enabled=false} turns the observations off; {@code management.metrics.enable.reducto=false}
 * drops every {@code reducto.*} meter.
 */
@AutoConfiguration(beforeName = "io.github.reductospring.autoconfigure.ReductoAutoConfiguration",
		afterName = { "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration" })
@ConditionalOnClass({ ObservationRegistry.class, MeterRegistry.class, ObservationCallObserver.class })
public final class ReductoObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ObservationRegistry.class)
	@ConditionalOnBooleanProperty(name = "reducto.observations.enabled", matchIfMissing = true)
	ReductoCallObserver reductoCallObserver(ObservationRegistry observationRegistry,
			ObjectProvider<ReductoObservationConvention> convention, ObjectProvider<MeterRegistry> meterRegistry) {
		return new ObservationCallObserver(observationRegistry, convention.getIfAvailable(),
				meterRegistry.getIfAvailable());
	}

}
