package io.github.reductospring.client.http;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Settings for the calls of one operation, as the official SDKs' request options: its deadline, its retries and extra
 * headers. Get operations that use them with {@code withOptions(...)} on {@code ReactiveJobOperations} or
 * {@code JobOperations}; the pipeline reads them from the Reactor context of each call.
 * <pre>{@code
 * jobs.withOptions(RequestOptions.none().withTimeout(Duration.ofSeconds(5)).withMaxRetries(0)
 *         .withHeader("X-Correlation-Id", correlationId))
 *     .get(jobId);
 * }</pre>
 *
 * @param timeout the deadline of each call, retries included, instead of the retry settings' {@code callTimeout}
 * @param maxRetries retries after the first attempt instead of the retry settings' (0: none); retries switched off in
 * the client's settings stay off
 * @param headers headers added to each request to Reducto's API (not to result or upload URLs)
 */
public record RequestOptions(@Nullable Duration timeout, @Nullable Long maxRetries, Map<String, String> headers) {

	/** Headers the client sets itself: a per-call value would break authentication or the request's framing. */
	private static final Set<String> CLIENT_HEADERS = Set.of("authorization", "host", "content-length",
			"content-type", "transfer-encoding");

	private static final RequestOptions NONE = new RequestOptions(null, null, Map.of());

	public RequestOptions {
		if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
			throw new IllegalArgumentException("RequestOptions.timeout must be positive, got " + timeout);
		}
		if (maxRetries != null && maxRetries < 0) {
			throw new IllegalArgumentException("RequestOptions.maxRetries must be 0 or more, got " + maxRetries);
		}
		headers.forEach((name, value) -> {
			Objects.requireNonNull(value, "header value");
			if (name == null || name.isBlank() || CLIENT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
				throw new IllegalArgumentException("RequestOptions cannot set the header '" + name
						+ "': the client sets it itself (the API key is the client's, set with its builder)");
			}
		});
		headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
	}

	/** No options: the client's settings apply. */
	public static RequestOptions none() {
		return NONE;
	}

	/** These options with another deadline. */
	public RequestOptions withTimeout(Duration timeout) {
		return new RequestOptions(Objects.requireNonNull(timeout, "timeout"), this.maxRetries, this.headers);
	}

	/** These options with another number of retries. */
	public RequestOptions withMaxRetries(long maxRetries) {
		return new RequestOptions(this.timeout, maxRetries, this.headers);
	}

	/** These options with one more header (a header of the same name is replaced). */
	public RequestOptions withHeader(String name, String value) {
		Map<String, String> more = new LinkedHashMap<>(this.headers);
		more.put(name, value);
		return new RequestOptions(this.timeout, this.maxRetries, more);
	}

	/** These options, overridden by {@code later}'s where it sets something. */
	public RequestOptions and(RequestOptions later) {
		Map<String, String> merged = new LinkedHashMap<>(this.headers);
		merged.putAll(later.headers);
		return new RequestOptions((later.timeout != null) ? later.timeout : this.timeout,
				(later.maxRetries != null) ? later.maxRetries : this.maxRetries, merged);
	}

	/** Leaves out header values: they may be tokens. */
	@Override
	public String toString() {
		return "RequestOptions[timeout=" + this.timeout + ", maxRetries=" + this.maxRetries + ", headers="
				+ this.headers.keySet() + "]";
	}

}
