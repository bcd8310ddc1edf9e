package io.github.reductospring.client.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import io.github.reductospring.client.http.ReductoCall;

/**
 * What an observation of one Reducto call knows: the call, the last answer's status, the retries and the failure.
 */
public class ReductoObservationContext extends Observation.Context {

	private final ReductoCall call;

	private volatile int status;

	private volatile long retries;

	public ReductoObservationContext(ReductoCall call) {
		this.call = call;
	}

	/** The call. */
	public ReductoCall getCall() {
		return this.call;
	}

	/** The HTTP status of the last answer, or 0 when none came. */
	public int getStatus() {
		return this.status;
	}

	void setStatus(int status) {
		this.status = status;
	}

	/** How many times the call was retried. */
	public long getRetries() {
		return this.retries;
	}

	void setRetries(long retries) {
		this.retries = retries;
	}

	/** The failure that ended the call, if it failed. */
	public @Nullable Throwable getFailure() {
		return getError();
	}

}
