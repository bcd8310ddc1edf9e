package io.github.reductospring.client.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.backoff.BackOffExecution;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import io.github.reductospring.client.retry.ReductoRetryPolicies;

/**
 * Applies a Spring Framework {@link RetryPolicy} to a reactive chain through Reactor's {@link Retry}: the policy
 * decides whether to retry and its back-off how long to wait, unless the server asked for a usable wait.
 */
final class ReactorRetry {

	private ReactorRetry() {
	}

	/**
	 * A Reactor retry spec for {@code policy}. Each subscription gets its own back-off execution, so attempts are
	 * counted per call. When retries are exhausted or the failure is not retryable, the last failure itself is
	 * propagated (not wrapped).
	 * @param policy the policy
	 * @param maxServerDelay longest server-requested wait honoured
	 * @param listener told about each retry before its wait
	 * @return the retry spec
	 */
	static Retry of(RetryPolicy policy, Duration maxServerDelay, RetryListener listener) {
		return Retry.from((signals) -> {
			BackOffExecution backOff = policy.getBackOff().start();
			return signals.concatMap((signal) -> {
				Throwable failure = signal.failure();
				if (!policy.shouldRetry(failure) || ReductoRetryPolicies.asksForALongerWait(failure, maxServerDelay)) {
					return Mono.error(failure);
				}
				long computed = backOff.nextBackOff();
				if (computed == BackOffExecution.STOP) {
					return Mono.error(failure);
				}
				Duration serverDelay = ReductoRetryPolicies.serverRequestedDelay(failure, maxServerDelay);
				Duration wait = (serverDelay != null) ? serverDelay : Duration.ofMillis(computed);
				listener.onRetry(signal.totalRetries() + 1, failure, wait);
				return Mono.delay(wait);
			});
		});
	}

	/**
	 * {@code attempt.retryWhen(retry)}, with Reactor's retry set up on the first failure only: a call that succeeds at
	 * once, as most do, pays one operator instead of the retry's companion stream. The first failure is the first
	 * signal the retry sees, as it would be.
	 * @param <T> the attempt's value
	 * @param attempt one attempt, subscribed to again for each retry
	 * @param retry the retry, built on the first failure
	 * @return the attempt, retried
	 */
	static <T> Mono<T> afterFirstFailure(Mono<T> attempt, Supplier<Retry> retry) {
		return attempt.onErrorResume((first) -> {
			AtomicBoolean replayed = new AtomicBoolean();
			return Mono.defer(() -> replayed.getAndSet(true) ? attempt : Mono.<T>error(first)).retryWhen(retry.get());
		});
	}

	/**
	 * Told about each retry, for logs and metrics.
	 */
	@FunctionalInterface
	interface RetryListener {

		/** A listener that does nothing. */
		RetryListener NONE = (retry, failure, wait) -> {
		};

		/**
		 * A retry is about to wait and then run.
		 * @param retry the number of this retry, from 1
		 * @param failure the failure that caused it
		 * @param wait how long it waits first
		 */
		void onRetry(long retry, Throwable failure, Duration wait);

	}

}
