package io.github.reductospring.client.http;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.github.reductospring.client.error.ReductoRateLimitException;
import io.github.reductospring.client.http.ReductoHttpPipeline.Call;

/**
 * The client's pace, below Reducto's per-key limits: all requests together, and job reads ({@code GET /job/{id}})
 * on their own. The two limiters are independent: a job read waits for its own limiter first and books the
 * overall one only when it goes, so job reads queued on their limiter hold back nothing else. A 429 pauses the
 * limiter it is about, for as long as the retry waits.
 */
final class RequestPacing {

	static final String JOB_READ = "get_job";

	static final String RESULT_FETCH = "fetch_result";

	/** Bytes sent to a presigned upload URL: storage, not Reducto's API. */
	static final String PRESIGNED_UPLOAD = "presigned_upload";

	private final @Nullable RateLimiter overall;

	private final @Nullable RateLimiter jobReads;

	RequestPacing(RateLimitSettings settings) {
		this.overall = settings.enabled() ? new RateLimiter(settings.requestsPerSecond()) : null;
		this.jobReads = settings.enabled() ? new RateLimiter(settings.jobReadsPerSecond()) : null;
	}

	/**
	 * The call, sent once it may go. Result and upload URLs are not Reducto's API and are never paced: they, and every
	 * call when pacing is off, are sent as they are, without a waiting operator in front.
	 */
	<T> Mono<T> paced(Call call, Mono<T> send) {
		RateLimiter overall = this.overall;
		RateLimiter jobReads = this.jobReads;
		if (overall == null || jobReads == null || call.operation().equals(RESULT_FETCH)
				|| call.operation().equals(PRESIGNED_UPLOAD)) {
			return send;
		}
		// acquire() reserves on subscription: the overall slot is booked only once the job-read slot has come.
		return (isJobRead(call) ? jobReads.acquire().then(overall.acquire()) : overall.acquire()).then(send);
	}

	/**
	 * A 429 is about to be retried after {@code wait}: holds back the requests it is about for that long. Reducto
	 * says which limit was hit ({@code [CODE 2000]}: job reads; {@code [CODE 1000]}: all requests); without a code,
	 * a job read's 429 is taken as the job-read limit's.
	 */
	void rateLimited(Call call, ReductoRateLimitException limited, Duration wait) {
		RateLimiter limiter = aboutJobReads(call, limited) ? this.jobReads : this.overall;
		if (limiter != null) {
			limiter.pause(wait);
		}
	}

	private static boolean aboutJobReads(Call call, ReductoRateLimitException limited) {
		String body = limited.getResponseExcerpt();
		if (body != null && body.contains("[CODE 2000]")) {
			return true;
		}
		if (body != null && body.contains("[CODE 1000]")) {
			return false;
		}
		return isJobRead(call);
	}

	private static boolean isJobRead(Call call) {
		return call.operation().equals(JOB_READ);
	}

}
