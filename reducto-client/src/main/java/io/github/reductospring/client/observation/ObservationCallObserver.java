package io.github.reductospring.client.observation;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

import io.github.reductospring.client.error.ReductoApiException;
import io.github.reductospring.client.error.ReductoException;
import io.github.reductospring.client.error.ReductoTimeoutException;
import io.github.reductospring.client.http.ReductoCall;
import io.github.reductospring.client.http.ReductoCallObserver;

/**
 * Records each Reducto call as a Micrometer {@link Observation} (a timer and a trace span; when calls go through a
 * WebClient, its {@code http.client.requests} of each attempt become its children) and counts retries in {@code reducto.client.retries}, tagged
 * by operation and cause.
 */
public final class ObservationCallObserver implements ReductoCallObserver {

	/** The retry counter's name. */
	public static final String RETRIES_METER = "reducto.client.retries";

	private final ObservationRegistry registry;

	private final @Nullable ReductoObservationConvention customConvention;

	private final @Nullable MeterRegistry meters;

	public ObservationCallObserver(ObservationRegistry registry, @Nullable ReductoObservationConvention customConvention,
			@Nullable MeterRegistry meters) {
		this.registry = registry;
		this.customConvention = customConvention;
		this.meters = meters;
	}

	@Override
	public CallObservation start(ReductoCall call) {
		ReductoObservationContext context = new ReductoObservationContext(call);
		Observation observation = ReductoObservationDocumentation.CLIENT_CALL
			.observation(this.customConvention, new DefaultReductoObservationConvention(), () -> context,
					this.registry)
			.start();
		return new CallObservation() {

			@Override
			public Context contextWrite(Context reactorContext) {
				return reactorContext.put(ObservationThreadLocalAccessor.KEY, observation);
			}

			@Override
			public void onResponse(int status) {
				context.setStatus(status);
			}

			@Override
			public void onRetry(long retry, Throwable failure, Duration wait) {
				context.setRetries(retry);
				if (ObservationCallObserver.this.meters != null) {
					Counter.builder(RETRIES_METER)
						.description("Reducto calls retried, by operation and cause")
						.tag("operation", call.operation())
						.tag("cause", cause(failure))
						.register(ObservationCallObserver.this.meters)
						.increment();
				}
			}

			@Override
			public void stop(@Nullable Throwable failure) {
				if (failure != null) {
					observation.error(failure);
				}
				observation.stop();
			}

		};
	}

	/** The status that caused a retry, or {@code connection} / {@code timeout} / {@code response}. */
	static String cause(Throwable failure) {
		if (failure instanceof ReductoApiException api) {
			return Integer.toString(api.getStatusCode());
		}
		if (failure instanceof ReductoTimeoutException) {
			return "timeout";
		}
		if (failure instanceof ReductoException reducto && reducto.getStatusCode() > 0) {
			return "response";
		}
		return "connection";
	}

}
