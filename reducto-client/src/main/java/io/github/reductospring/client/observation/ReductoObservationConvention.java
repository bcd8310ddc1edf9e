package io.github.reductospring.client.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags of Reducto call observations. Define a bean of this type to replace
 * {@link DefaultReductoObservationConvention}.
 */
public interface ReductoObservationConvention extends ObservationConvention<ReductoObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ReductoObservationContext;
	}

}
