package io.github.reductospring.client.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import io.github.reductospring.client.error.ReductoRateLimitException;
import io.github.reductospring.client.http.ReductoHttpPipeline.Call;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RequestPacing}, in virtual time: which limiter a request waits for, and which one a 429 pauses.
 */
class RequestPacingTests {

	/** How long a test waits for a call at most. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Call GET_JOB = Call.read("get_job", HttpMethod.GET, "/job/{jobId}").forJob("j");

	private static final Call LIST_JOBS = Call.read("list_jobs", HttpMethod.GET, "/jobs");

	private static ReductoRateLimitException limited(String body) {
		return new ReductoRateLimitException("429", 429, null, body, null, null);
	}

	@Test
	void aJobRead429PausesJobReadsOnly() {
		StepVerifier.withVirtualTime(() -> {
			RequestPacing pacing = new RequestPacing(RateLimitSettings.DEFAULTS);
			pacing.rateLimited(GET_JOB, limited("{\"message\": \"[CODE 2000] rate limit exceeded\"}"),
					Duration.ofSeconds(2));
			return Flux.concat(turn(pacing, LIST_JOBS).thenReturn("list"), turn(pacing, GET_JOB).thenReturn("get"));
		})
			.expectSubscription()
			.expectNext("list")
			.expectNoEvent(Duration.ofMillis(1999))
			.thenAwait(Duration.ofMillis(1))
			.expectNext("get")
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void anOverall429PausesEverything() {
		StepVerifier.withVirtualTime(() -> {
			RequestPacing pacing = new RequestPacing(RateLimitSettings.DEFAULTS);
			pacing.rateLimited(GET_JOB, limited("{\"message\": \"[CODE 1000] rate limit exceeded\"}"),
					Duration.ofMillis(500));
			return Flux.merge(turn(pacing, LIST_JOBS).thenReturn("list"), turn(pacing, GET_JOB).thenReturn("get"));
		})
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(499))
			.thenAwait(Duration.ofMillis(5))
			.expectNextCount(2)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void aListing429WithoutACodePausesEverythingAndAJobRead429WithoutOneJobReads() {
		StepVerifier.withVirtualTime(() -> {
			RequestPacing pacing = new RequestPacing(RateLimitSettings.DEFAULTS);
			pacing.rateLimited(GET_JOB, limited(null), Duration.ofSeconds(1));
			return turn(pacing, LIST_JOBS).thenReturn("list");
		}).expectSubscription().expectNext("list").expectComplete().verify(Duration.ofSeconds(5));
		StepVerifier.withVirtualTime(() -> {
			RequestPacing pacing = new RequestPacing(RateLimitSettings.DEFAULTS);
			pacing.rateLimited(LIST_JOBS, limited(null), Duration.ofSeconds(1));
			return turn(pacing, GET_JOB).thenReturn("get");
		})
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(999))
			.thenAwait(Duration.ofMillis(1))
			.expectNext("get")
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void queuedJobReadsDoNotHoldBackOtherCalls() {
		VirtualTimeScheduler.getOrSet();
		try {
			RequestPacing pacing = new RequestPacing(RateLimitSettings.DEFAULTS);
			AtomicInteger reads = new AtomicInteger();
			// 1,800 job reads queue for ten seconds at 180 a second...
			Disposable queued = Flux.range(0, 1800).flatMap((i) -> turn(pacing, GET_JOB)).subscribe((done) -> {
			}, (error) -> {
			}, reads::incrementAndGet);
			// ...and a submission still goes at once: the overall limiter is booked only when a read goes.
			AtomicInteger submitted = new AtomicInteger();
			turn(pacing, Call.read("submit_parse", HttpMethod.POST, "/parse_async")).subscribe((done) -> {
			}, (error) -> {
			}, submitted::incrementAndGet);
			assertThat(submitted).hasValue(1);
			queued.dispose();
		}
		finally {
			VirtualTimeScheduler.reset();
		}
	}

	@Test
	void aCallerThatGivesUpGivesItsSlotBack() {
		StepVerifier.withVirtualTime(() -> {
			RateLimiter limiter = new RateLimiter(2);
			// A burst of two, then a third booked for 500 ms later but given up at once.
			Mono.when(limiter.acquire(), limiter.acquire()).block(TIMEOUT);
			limiter.acquire().subscribe().dispose();
			return limiter.acquire().thenReturn("next");
		})
			.expectSubscription()
			// The next caller takes the freed slot, 500 ms from now, not the one after it at 1,000 ms.
			.expectNoEvent(Duration.ofMillis(499))
			.thenAwait(Duration.ofMillis(1))
			.expectNext("next")
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	/** Waits for the call's turn: what {@code paced} puts in front of a send. */
	private static Mono<Void> turn(RequestPacing pacing, Call call) {
		return pacing.paced(call, Mono.empty());
	}

}
