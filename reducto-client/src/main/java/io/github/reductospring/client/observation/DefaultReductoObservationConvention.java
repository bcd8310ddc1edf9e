package io.github.reductospring.client.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import io.github.reductospring.client.error.ReductoTimeoutException;
import io.github.reductospring.client.observation.ReductoObservationDocumentation.HighCardinalityKeyNames;
import io.github.reductospring.client.observation.ReductoObservationDocumentation.LowCardinalityKeyNames;

/**
 * The default names and tags: {@code reducto.client.requests}, tagged by operation, method, URI template, status,
 * outcome and exception; the job id and the retry count are high-cardinality (spans only).
 */
public class DefaultReductoObservationConvention implements ReductoObservationConvention {

	/** The observation (and timer) name. */
	public static final String DEFAULT_NAME = "reducto.client.requests";

	@Override
	public String getName() {
		return DEFAULT_NAME;
	}

	@Override
	public String getContextualName(ReductoObservationContext context) {
		return "reducto " + context.getCall().operation();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ReductoObservationContext context) {
		return KeyValues.of(operation(context), method(context), uri(context), status(context), outcome(context),
				exception(context));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ReductoObservationContext context) {
		String jobId = context.getCall().jobId();
		KeyValues values = KeyValues.of(HighCardinalityKeyNames.RETRIES.withValue(Long.toString(context.getRetries())));
		return (jobId != null) ? values.and(HighCardinalityKeyNames.JOB_ID.withValue(jobId)) : values;
	}

	protected KeyValue operation(ReductoObservationContext context) {
		return LowCardinalityKeyNames.OPERATION.withValue(context.getCall().operation());
	}

	protected KeyValue method(ReductoObservationContext context) {
		return LowCardinalityKeyNames.METHOD.withValue(context.getCall().method());
	}

	protected KeyValue uri(ReductoObservationContext context) {
		return LowCardinalityKeyNames.URI.withValue(context.getCall().uriTemplate());
	}

	protected KeyValue status(ReductoObservationContext context) {
		int status = context.getStatus();
		return LowCardinalityKeyNames.STATUS.withValue((status > 0) ? Integer.toString(status) : "NONE");
	}

	protected KeyValue outcome(ReductoObservationContext context) {
		int status = context.getStatus();
		String outcome;
		if (context.getFailure() instanceof ReductoTimeoutException timeout && timeout.isDeadlinePassed()) {
			outcome = "DEADLINE"; // whatever an attempt's status line said: the call did not end in time
		}
		else if (context.getFailure() == null && status > 0) {
			outcome = "SUCCESS";
		}
		else if (status >= 400 && status < 500) {
			outcome = "CLIENT_ERROR";
		}
		else if (status >= 500) {
			outcome = "SERVER_ERROR";
		}
		else if (context.getFailure() == null) {
			outcome = "SUCCESS";
		}
		else {
			outcome = "UNKNOWN";
		}
		return LowCardinalityKeyNames.OUTCOME.withValue(outcome);
	}

	protected KeyValue exception(ReductoObservationContext context) {
		Throwable failure = context.getFailure();
		return LowCardinalityKeyNames.EXCEPTION
			.withValue((failure != null) ? failure.getClass().getSimpleName() : KeyValue.NONE_VALUE);
	}

}
