package io.github.reductospring.client.http;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import io.github.reductospring.client.error.ReductoRateLimitException;
import io.github.reductospring.client.retry.CallKind;
import io.github.reductospring.client.retry.ReductoRetryPolicies;
import io.github.reductospring.client.retry.RetrySettings;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way a Reducto call travels: request, pacing, retries, the overall deadline, observation, decoding and
 * error mapping, in that order. The operations built on it only say what a call sends ({@link Call}) and what its
 * answer means (a decoder from JSON); they never touch a {@link WebClient} themselves.
 * <p>
 * Built by {@code ReductoClientBuilder.buildPipeline()}; one pipeline is shared by the operations and the job tracker
 * of a client, so that they share one connection pool, one pace and one view of the server's rate limits.
 */
public final class ReductoHttpPipeline implements AutoCloseable {

	private final WebClient api;

	private final WebClient resultFetcher;

	private final JsonMapper json;

	private final ErrorMapping errors;

	private final RetrySettings retrySettings;

	private final RetryPolicy idempotentPolicy;

	private final RetryPolicy submissionPolicy;

	private final int maxResponseBytes;

	private final ReductoCallObserver observer;

	private final RequestPacing pacing;

	private final @Nullable Disposable ownResources;

	private volatile boolean closed;

	/**
	 * A pipeline over two clients. Prefer {@code ReductoClientBuilder.buildPipeline()}, which builds both.
	 * @param api the client for Reducto's API, with its base URL and credentials set
	 * @param resultFetcher a client without credentials, for result URLs on third-party storage
	 * @param json the mapper that reads answers
	 * @param apiKey the API key, only to cut it out of messages should a server echo it
	 * @param retrySettings the retry settings
	 * @param rateLimit the client-side pace
	 * @param maxResponseBytes the largest answer read
	 * @param observer observes every call
	 * @param ownResources what was created for this pipeline alone (its connection pool), released by
	 * {@link #close()}; {@code null} when everything it uses is shared
	 */
	public ReductoHttpPipeline(WebClient api, WebClient resultFetcher, JsonMapper json, String apiKey,
			RetrySettings retrySettings, RateLimitSettings rateLimit, int maxResponseBytes,
			ReductoCallObserver observer, @Nullable Disposable ownResources) {
		this.api = Objects.requireNonNull(api, "api");
		this.resultFetcher = Objects.requireNonNull(resultFetcher, "resultFetcher");
		this.json = Objects.requireNonNull(json, "json");
		this.errors = new ErrorMapping(apiKey, json, retrySettings.maxRetryAfter());
		this.retrySettings = Objects.requireNonNull(retrySettings, "retrySettings");
		this.idempotentPolicy = ReductoRetryPolicies.create(retrySettings, CallKind.IDEMPOTENT);
		this.submissionPolicy = ReductoRetryPolicies.create(retrySettings, CallKind.SUBMISSION);
		this.maxResponseBytes = maxResponseBytes;
		this.observer = Objects.requireNonNull(observer, "observer");
		this.pacing = new RequestPacing(rateLimit);
		this.ownResources = ownResources;
	}

	/** The mapper that reads answers, and that the operations write request bodies with. */
	public JsonMapper json() {
		return this.json;
	}

	/**
	 * Sends a call to Reducto's API and decodes its answer.
	 * @param <T> the decoded answer
	 * @param call what to send
	 * @param decode what the answer's JSON means; an {@link IllegalArgumentException} or a Jackson exception from it
	 * becomes a {@code ReductoResponseException}
	 * @return the decoded answer
	 */
	public <T> Mono<T> exchange(Call call, Function<JsonNode, T> decode) {
		return Mono.defer(() -> {
			WebClient.RequestBodySpec request = this.api.method(call.method()).uri(call.uriTemplate(), call.uriVariables());
			if (call.contentType() != null) {
				request.contentType(call.contentType());
			}
			WebClient.RequestHeadersSpec<?> withBody = (call.body() != null) ? request.body(call.body()) : request;
			return execute(call, withBody, decode);
		});
	}

	/**
	 * Fetches a result that Reducto handed out as a URL (on third-party storage): never with the API key, never
	 * paced, retried as a read.
	 * @param <T> the decoded answer
	 * @param jobId the job whose result this is
	 * @param url the result's URL
	 * @param decode what the answer's JSON means
	 * @return the decoded answer
	 */
	public <T> Mono<T> fetchResult(String jobId, URI url, Function<JsonNode, T> decode) {
		return Mono.defer(() -> execute(Call.read(RequestPacing.RESULT_FETCH, HttpMethod.GET, "{resultUrl}").forJob(jobId),
				this.resultFetcher.get().uri(url), decode));
	}

	/** Releases what was created for this pipeline alone; calls made afterwards fail. Twice is harmless. */
	@Override
	public void close() {
		this.closed = true;
		Disposable resources = this.ownResources;
		if (resources != null) {
			resources.dispose();
		}
	}

	private <T> Mono<T> execute(Call call, WebClient.RequestHeadersSpec<?> request, Function<JsonNode, T> decode) {
		if (this.closed) {
			return Mono.error(new IllegalStateException("This Reducto client is closed: " + call.description()
					+ " was not sent"));
		}
		ReductoCallObserver.CallObservation observation = this.observer
			.start(new ReductoCall(call.operation(), call.method().name(), call.pathTemplate(), call.jobId()));
		RetryPolicy policy = (call.kind() == CallKind.SUBMISSION) ? this.submissionPolicy : this.idempotentPolicy;
		AtomicInteger attemptsSent = new AtomicInteger();
		Mono<T> attempt = this.pacing.acquire(call)
			.then(Mono.defer(() -> {
				attemptsSent.incrementAndGet();
				return request.exchangeToMono((response) -> {
					observation.onResponse(response.statusCode().value());
					return readAnswer(call, response, decode);
				});
			}))
			.onErrorMap((failure) -> this.errors.transportFailure(call, failure));
		Mono<T> retried = attempt.retryWhen(ReactorRetry.of(policy, this.retrySettings.maxRetryAfter(),
				(retry, failure, wait) -> {
					if (failure instanceof ReductoRateLimitException limited) {
						// Slow down every call the limit is about, not just this one: the limit is per API key.
						this.pacing.rateLimited(call, limited, wait);
					}
					observation.onRetry(retry, failure, wait);
				}));
		Duration deadline = policy.getTimeout();
		Mono<T> bounded = (deadline != null) ? retried.timeout(deadline)
			.onErrorMap(TimeoutException.class,
					(timeout) -> this.errors.deadlinePassed(call, deadline, attemptsSent.get())) : retried;
		return bounded.doOnSuccess((value) -> observation.stop(null))
			.doOnError(observation::stop)
			.doOnCancel(() -> observation.stop(null))
			.contextWrite(observation::contextWrite);
	}

	private <T> Mono<T> readAnswer(Call call, ClientResponse response, Function<JsonNode, T> decode) {
		int status = response.statusCode().value();
		HttpHeaders headers = response.headers().asHttpHeaders();
		return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), this.maxResponseBytes)
			.map(ReductoHttpPipeline::drain)
			.defaultIfEmpty(new byte[0])
			.onErrorMap((failure) -> this.errors.bodyReadFailure(call, status, headers, failure, this.maxResponseBytes))
			.map((body) -> {
				if (status >= 400) {
					throw this.errors.fromErrorResponse(call, status, headers, body);
				}
				return decode(call, status, headers, body, decode);
			});
	}

	private <T> T decode(Call call, int status, HttpHeaders headers, byte[] body, Function<JsonNode, T> decode) {
		try {
			JsonNode node = (body.length == 0) ? this.json.nullNode() : this.json.readTree(body);
			return decode.apply(node);
		}
		catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
			throw this.errors.unusableBody(call, status, headers, body, ex);
		}
	}

	private static byte[] drain(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	/**
	 * One API call as the pipeline sends, paces, retries and reports it.
	 *
	 * @param operation the operation's name ({@code get_job}, {@code list_jobs}, ...): the observation's tag and
	 * the pace it keeps ({@code get_job} is also paced as a job read)
	 * @param method the HTTP method
	 * @param pathTemplate the path template, never the filled-in path: what errors and observations name
	 * @param uriTemplate the template actually expanded, query included
	 * @param uriVariables the template's values, each encoded strictly (a job id stays one path segment)
	 * @param jobId the job the call is about, if any
	 * @param kind whether repeating the call can do harm, which decides what is retried
	 * @param body the request body, if any
	 * @param contentType the body's content type, where the body does not set its own (multipart does)
	 */
	public record Call(String operation, HttpMethod method, String pathTemplate, String uriTemplate,
			Map<String, ?> uriVariables, @Nullable String jobId, CallKind kind,
			@Nullable BodyInserter<?, ? super ClientHttpRequest> body, @Nullable MediaType contentType) {

		/** A call that is safe to repeat (a read, cancel or delete), without variables or body. */
		public static Call read(String operation, HttpMethod method, String pathTemplate) {
			return new Call(operation, method, pathTemplate, pathTemplate, Map.of(), null, CallKind.IDEMPOTENT, null,
					null);
		}

		/** A call that may create something on the server (a submission or upload), with its body. */
		public static Call submission(String operation, String pathTemplate,
				BodyInserter<?, ? super ClientHttpRequest> body, @Nullable MediaType contentType) {
			return new Call(operation, HttpMethod.POST, pathTemplate, pathTemplate, Map.of(), null, CallKind.SUBMISSION,
					body, contentType);
		}

		/** This call about a job: its id fills {@code {jobId}} in the path. */
		public Call forJob(String jobId) {
			return new Call(this.operation, this.method, this.pathTemplate, this.uriTemplate, Map.of("jobId", jobId),
					jobId, this.kind, this.body, this.contentType);
		}

		/** This call with a query: {@code uriTemplate} is the path template plus the query's template. */
		public Call withQuery(String uriTemplate, Map<String, ?> uriVariables) {
			return new Call(this.operation, this.method, this.pathTemplate, uriTemplate, Map.copyOf(uriVariables),
					this.jobId, this.kind, this.body, this.contentType);
		}

		/** {@code GET /job/{jobId} [job 123]}: what messages name. */
		public String description() {
			return this.method.name() + " " + this.pathTemplate + ((this.jobId != null) ? " [job " + this.jobId + "]" : "");
		}

	}

}
