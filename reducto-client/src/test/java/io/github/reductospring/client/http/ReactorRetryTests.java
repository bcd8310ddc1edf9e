package io.github.reductospring.client.http;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.springframework.core.retry.RetryPolicy;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import io.github.reductospring.client.error.ReductoApiException;
import io.github.reductospring.client.error.ReductoBadRequestException;
import io.github.reductospring.client.error.ReductoConnectionException;
import io.github.reductospring.client.error.ReductoRateLimitException;
import io.github.reductospring.client.error.ReductoServerException;
import io.github.reductospring.client.retry.CallKind;
import io.github.reductospring.client.retry.ReductoRetryPolicies;
import io.github.reductospring.client.retry.RetrySettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReactorRetry} and {@link ReductoRetryPolicies}, in virtual time.
 */
class ReactorRetryTests {

	private static final RetrySettings NO_JITTER = RetrySettings.DEFAULTS.withDelays(Duration.ofMillis(500),
			Duration.ofSeconds(8));

	private final List<Duration> waits = new ArrayList<>();

	@Test
	void retriesServerErrorsWithExponentialBackOff() {
		assertTwoServerErrorsAreRetriedAfter500And1000Ms(
				(attempt) -> attempt.retryWhen(retry(NO_JITTER, CallKind.IDEMPOTENT)));
	}

	/** Two 500s, then success: retried after 500 ms and 1 s, three attempts in all. */
	private void assertTwoServerErrorsAreRetriedAfter500And1000Ms(Function<Mono<String>, Mono<String>> retrying) {
		AtomicInteger attempts = new AtomicInteger();
		StepVerifier.withVirtualTime(() -> retrying.apply(failing(attempts, 2, server(500))))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(499))
			.thenAwait(Duration.ofMillis(1))
			.expectNoEvent(Duration.ofMillis(999))
			.thenAwait(Duration.ofMillis(1))
			.expectNext("ok")
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		assertThat(attempts).hasValue(3);
		assertThat(this.waits).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000));
	}

	@Test
	void givesUpAfterMaxRetriesWithTheLastFailureItself() {
		assertGivesUpAfterThreeAttemptsWithTheServerError(
				(attempt) -> attempt.retryWhen(retry(NO_JITTER, CallKind.IDEMPOTENT)));
	}

	/** Only 502s: the server's error itself after three attempts. */
	private void assertGivesUpAfterThreeAttemptsWithTheServerError(Function<Mono<String>, Mono<String>> retrying) {
		AtomicInteger attempts = new AtomicInteger();
		StepVerifier.withVirtualTime(() -> retrying.apply(failing(attempts, 10, server(502))))
			.thenAwait(Duration.ofMinutes(1))
			.expectError(ReductoServerException.class)
			.verify(Duration.ofSeconds(5));
		assertThat(attempts).hasValue(3);
	}

	@Test
	void honoursTheServersRetryAfterUpToTheCap() {
		AtomicInteger attempts = new AtomicInteger();
		ReductoRateLimitException limited = new ReductoRateLimitException("429", 429, null, null,
				Duration.ofSeconds(3), null);
		StepVerifier
			.withVirtualTime(() -> failing(attempts, 1, limited).retryWhen(retry(NO_JITTER, CallKind.IDEMPOTENT)))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(2999))
			.thenAwait(Duration.ofMillis(1))
			.expectNext("ok")
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		assertThat(this.waits).containsExactly(Duration.ofSeconds(3));
	}

	@Test
	void aRetryAfterLongerThanTheCapFailsTheCallAtOnce() {
		AtomicInteger attempts = new AtomicInteger();
		ReductoRateLimitException limited = new ReductoRateLimitException("429", 429, null, null,
				Duration.ofSeconds(61), null);
		StepVerifier
			.withVirtualTime(() -> failing(attempts, 1, limited).retryWhen(retry(NO_JITTER, CallKind.IDEMPOTENT)))
			.expectSubscription()
			.expectErrorMatches((error) -> error == limited)
			.verify(Duration.ofSeconds(5));
		assertThat(this.waits).isEmpty();
		assertThat(attempts).hasValue(1);
	}

	@Test
	void submissionsAreNotRetriedWhenTheServerMayHaveCreatedAJob() {
		assertThat(ReductoRetryPolicies.isRetryableSubmission(server(500))).isFalse();
		assertThat(ReductoRetryPolicies.isRetryableSubmission(server(502))).isFalse();
		assertThat(ReductoRetryPolicies.isRetryableSubmission(api(409))).isFalse();
		assertThat(ReductoRetryPolicies.isRetryableSubmission(new ReductoConnectionException("reset", true, null)))
			.isFalse();
		assertThat(ReductoRetryPolicies.isRetryableSubmission(server(503))).isTrue();
		assertThat(ReductoRetryPolicies.isRetryableSubmission(api(429))).isTrue();
		assertThat(ReductoRetryPolicies.isRetryableSubmission(
				new ReductoConnectionException("refused", false, new ConnectException("refused"))))
			.isTrue();
	}

	@Test
	void idempotentCallsFollowTheSdkRules() {
		assertThat(ReductoRetryPolicies.isRetryableIdempotent(api(408))).isTrue();
		assertThat(ReductoRetryPolicies.isRetryableIdempotent(api(409))).isTrue();
		assertThat(ReductoRetryPolicies.isRetryableIdempotent(api(429))).isTrue();
		assertThat(ReductoRetryPolicies.isRetryableIdempotent(server(500))).isTrue();
		assertThat(ReductoRetryPolicies.isRetryableIdempotent(api(400))).isFalse();
		assertThat(ReductoRetryPolicies.isRetryableIdempotent(api(404))).isFalse();
		assertThat(ReductoRetryPolicies.isRetryableIdempotent(new ReductoConnectionException("reset", true, null)))
			.isTrue();
	}

	@Test
	void serverVerdictOverridesTheStatus() {
		ReductoApiException noRetry500 = new ReductoServerException("500", 500, null, null, null, Boolean.FALSE);
		ReductoApiException retry400 = new ReductoBadRequestException("400", 400, null, null, null, Boolean.TRUE);
		assertThat(ReductoRetryPolicies.isRetryableIdempotent(noRetry500)).isFalse();
		assertThat(ReductoRetryPolicies.isRetryableIdempotent(retry400)).isTrue();
		assertThat(ReductoRetryPolicies.isRetryableSubmission(
				new ReductoServerException("503", 503, null, null, null, Boolean.FALSE)))
			.isFalse();
	}

	@Test
	void disabledRetriesNeverRetry() {
		RetryPolicy policy = ReductoRetryPolicies.create(RetrySettings.DEFAULTS.withEnabled(false),
				CallKind.IDEMPOTENT);
		assertThat(policy.shouldRetry(server(500))).isFalse();
		assertThat(policy.getTimeout()).isEqualTo(RetrySettings.DEFAULTS.callTimeout());
	}

	@Test
	void settingsRefuseNonsenseWithTheirPropertyName() {
		org.assertj.core.api.Assertions
			.assertThatIllegalArgumentException()
			.isThrownBy(() -> RetrySettings.DEFAULTS.withMaxRetries(-1))
			.withMessageContaining("RetrySettings.maxRetries");
		org.assertj.core.api.Assertions
			.assertThatIllegalArgumentException()
			.isThrownBy(() -> RetrySettings.DEFAULTS.withDelays(Duration.ofSeconds(2), Duration.ofSeconds(1)))
			.withMessageContaining("RetrySettings.maxDelay");
	}

	@Test
	void retryingFromTheFirstFailureOnlyWaitsAndGivesUpAsRetryingFromTheStart() {
		AtomicInteger retriesBuilt = new AtomicInteger();
		assertTwoServerErrorsAreRetriedAfter500And1000Ms((attempt) -> ReactorRetry.afterFirstFailure(attempt, () -> {
			retriesBuilt.incrementAndGet();
			return retry(NO_JITTER, CallKind.IDEMPOTENT);
		}));
		assertThat(retriesBuilt).hasValue(1);
		assertGivesUpAfterThreeAttemptsWithTheServerError((attempt) -> ReactorRetry.afterFirstFailure(attempt,
				() -> retry(NO_JITTER, CallKind.IDEMPOTENT)));
	}

	@Test
	void aCallThatSucceedsAtOnceBuildsNoRetry() {
		AtomicInteger retriesBuilt = new AtomicInteger();
		StepVerifier.create(ReactorRetry.afterFirstFailure(Mono.just("ok"), () -> {
			retriesBuilt.incrementAndGet();
			return retry(NO_JITTER, CallKind.IDEMPOTENT);
		})).expectNext("ok").verifyComplete();
		assertThat(retriesBuilt).hasValue(0);
	}

	private reactor.util.retry.Retry retry(RetrySettings settings, CallKind kind) {
		return ReactorRetry.of(ReductoRetryPolicies.create(settings, kind), settings.maxRetryAfter(),
				(retry, failure, wait) -> this.waits.add(wait));
	}

	private static Mono<String> failing(AtomicInteger attempts, int failures, RuntimeException failure) {
		return Mono.defer(() -> (attempts.incrementAndGet() <= failures) ? Mono.error(failure) : Mono.just("ok"));
	}

	private static ReductoServerException server(int status) {
		return new ReductoServerException(String.valueOf(status), status, null, null, null, null);
	}

	private static ReductoApiException api(int status) {
		return new ReductoApiException(String.valueOf(status), status, null, null, null, null);
	}

}
