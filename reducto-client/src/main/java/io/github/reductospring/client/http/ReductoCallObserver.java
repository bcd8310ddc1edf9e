package io.github.reductospring.client.http;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

/**
 * Observes each API call: one {@link CallObservation} per call, retries included. The default does nothing and
 * costs nothing; {@code ObservationCallObserver} (package {@code observation}) records Micrometer
 * observations (a timer and a trace span per call) and counts retries.
 */
public interface ReductoCallObserver {

	/** An observer that records nothing. */
	ReductoCallObserver NOOP = (call) -> CallObservation.NOOP;

	/**
	 * A call is about to start.
	 * @param call what is called
	 * @return the observation of this call
	 */
	CallObservation start(ReductoCall call);

	/**
	 * One observed call.
	 */
	interface CallObservation {

		/** An observation that records nothing. */
		CallObservation NOOP = new CallObservation() {
		};

		/** Puts this observation into the Reactor context, so that nested observations become its children. */
		default Context contextWrite(Context context) {
			return context;
		}

		/** An answer came with this status (called once per attempt). */
		default void onResponse(int status) {
		}

		/** A retry is about to wait. */
		default void onRetry(long retry, Throwable failure, Duration wait) {
		}

		/** The call ended, successfully when {@code failure} is {@code null}. */
		default void stop(@Nullable Throwable failure) {
		}

	}

}
