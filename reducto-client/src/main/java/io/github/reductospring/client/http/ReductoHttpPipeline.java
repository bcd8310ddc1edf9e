package io.github.reductospring.client.http;

import java.net.URI;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.util.UriUtils;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.reductospring.client.error.ReductoRateLimitException;
import io.github.reductospring.client.retry.CallKind;
import io.github.reductospring.client.retry.ReductoRetryPolicies;
import io.github.reductospring.client.retry.RetrySettings;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way a Reducto call travels: request, pacing, retries, the overall deadline, observation, decoding and
 * error mapping, in that order. The operations built on it only say what a call sends ({@link Call}) and what its
 * answer means (an {@link AnswerDecoder}); they never touch an HTTP client themselves: a {@link ReductoTransport}
 * sends each attempt.
 * <p>
 * Built by {@code ReductoClientBuilder.buildPipeline()}; one pipeline is shared by the operations and the job tracker
 * of a client, so that they share one connection pool, one pace and one view of the server's rate limits. Its HTTP
 * clients are built on the first call, not with the pipeline: an application that never calls Reducto, or not yet,
 * pays nothing for them at startup.
 */
public final class ReductoHttpPipeline implements AutoCloseable {

	private static final Call RESULT_FETCH = Call.read(RequestPacing.RESULT_FETCH, HttpMethod.GET, "{resultUrl}");

	private static final Consumer<HttpHeaders> NO_HEADERS = (headers) -> {
	};

	private static final Call PRESIGNED_UPLOAD = Call.read(RequestPacing.PRESIGNED_UPLOAD, HttpMethod.PUT,
			"{presignedUrl}");

	private final String baseUrl;

	private final Supplier<Clients> clientFactory;

	private volatile @Nullable Parts parts;

	private final SingletonSupplier<JsonMapper> json;

	private final String apiKey;

	private final RetrySettings retrySettings;

	private final RateLimitSettings rateLimit;

	private final int maxResponseBytes;

	private final ReductoCallObserver observer;

	private volatile boolean closed;

	/**
	 * A pipeline over two clients built on the first call. Prefer {@code ReductoClientBuilder.buildPipeline()}.
	 * @param baseUrl the API's base URL, which each call's {@link Call#target() target} is appended to
	 * @param clients builds the HTTP clients, once, on the first call
	 * @param json builds the mapper that reads answers, once, when first needed
	 * @param apiKey the API key, only to cut it out of messages should a server echo it
	 * @param retrySettings the retry settings
	 * @param rateLimit the client-side pace
	 * @param maxResponseBytes the largest answer read
	 * @param observer observes every call
	 */
	public ReductoHttpPipeline(URI baseUrl, Supplier<Clients> clients, Supplier<JsonMapper> json, String apiKey,
			RetrySettings retrySettings, RateLimitSettings rateLimit, int maxResponseBytes,
			ReductoCallObserver observer) {
		String base = baseUrl.toString();
		this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
		this.clientFactory = Objects.requireNonNull(clients, "clients");
		this.json = SingletonSupplier.of(Objects.requireNonNull(json, "json"));
		this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
		this.retrySettings = Objects.requireNonNull(retrySettings, "retrySettings");
		this.rateLimit = Objects.requireNonNull(rateLimit, "rateLimit");
		this.maxResponseBytes = maxResponseBytes;
		this.observer = Objects.requireNonNull(observer, "observer");
	}

	/** The mapper that reads answers, and that the operations write request bodies with. */
	public JsonMapper json() {
		return this.json.obtain();
	}

	/**
	 * Sends a call to Reducto's API and decodes its answer.
	 * @param <T> the decoded answer
	 * @param call what to send
	 * @param decode what the answer's JSON means; an {@link IllegalArgumentException} or a Jackson exception from it
	 * becomes a {@code ReductoResponseException}
	 * @return the decoded answer
	 */
	public <T> Mono<T> exchange(Call call, AnswerDecoder<T> decode) {
		return Mono.deferContextual((context) -> {
			RequestOptions options = context.getOrDefault(RequestOptions.class, RequestOptions.none());
			Consumer<HttpHeaders> headers = (options.headers().isEmpty() && call.contentType() == null) ? NO_HEADERS
					: (sent) -> {
						if (call.contentType() != null) {
							sent.setContentType(call.contentType());
						}
						options.headers().forEach(sent::set);
					};
			return send(call, (clients, reader) -> clients.api()
				.exchange(call.method(), URI.create(this.baseUrl + call.target()), headers, call.body(), reader),
					decode, options);
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
	public <T> Mono<T> fetchResult(String jobId, URI url, AnswerDecoder<T> decode) {
		return Mono.defer(() -> send(RESULT_FETCH.forJob(jobId),
				(clients, reader) -> clients.resultFetcher().exchange(HttpMethod.GET, url, NO_HEADERS, null, reader),
				decode, RequestOptions.none()));
	}

	/**
	 * Sends a file to a presigned upload URL that Reducto handed out: streamed from disk with its length, never with
	 * the API key, never paced; retried as a read (the same bytes to the same URL).
	 * @param url the presigned URL
	 * @param file the file
	 * @return completes when the storage accepted the bytes
	 */
	public Mono<Void> putFile(URI url, Path file) {
		return Mono.defer(() -> send(PRESIGNED_UPLOAD, (clients, reader) -> clients.resultFetcher()
			.exchange(HttpMethod.PUT, url, (sent) -> sent.setContentType(MediaType.APPLICATION_OCTET_STREAM),
					BodyInserters.fromResource(new FileSystemResource(file)), reader),
				(answer) -> Boolean.TRUE, RequestOptions.none()))
			.then();
	}

	/** Releases what was created for this pipeline alone; calls made afterwards fail. Twice is harmless. */
	@Override
	public void close() {
		Parts built;
		synchronized (this) {
			this.closed = true;
			built = this.parts;
		}
		Disposable resources = (built != null) ? built.clients().ownResources() : null;
		if (resources != null) {
			resources.dispose();
		}
	}

	/** Whether the HTTP clients have been built, by a first call. */
	public boolean isConnected() {
		return this.parts != null;
	}

	private Parts parts() {
		Parts built = this.parts;
		if (built == null) {
			synchronized (this) {
				built = this.parts;
				if (built == null) {
					if (this.closed) {
						// Closed between the check and here: the call fails in execute(); nothing is built for it.
						throw new IllegalStateException("This Reducto client is closed");
					}
					JsonMapper json = json();
					built = new Parts(Objects.requireNonNull(this.clientFactory.get(), "clients"), json,
							new ErrorMapping(this.apiKey, json, this.retrySettings.maxRetryAfter()),
							ReductoRetryPolicies.create(this.retrySettings, CallKind.IDEMPOTENT),
							ReductoRetryPolicies.create(this.retrySettings, CallKind.SUBMISSION),
							new RequestPacing(this.rateLimit));
					this.parts = built;
				}
			}
		}
		return built;
	}

	/** The client's policy for the call's kind, or one built for this call's options. */
	private RetryPolicy policy(Parts parts, Call call, RequestOptions options) {
		if (options.timeout() == null && options.maxRetries() == null) {
			return (call.kind() == CallKind.SUBMISSION) ? parts.submissionPolicy() : parts.readPolicy();
		}
		RetrySettings settings = this.retrySettings;
		if (options.timeout() != null) {
			settings = settings.withCallTimeout(options.timeout());
		}
		if (options.maxRetries() != null) {
			settings = settings.withMaxRetries(options.maxRetries());
		}
		return ReductoRetryPolicies.create(settings, call.kind());
	}

	/**
	 * The one entry to {@link #execute}: a closed pipeline sends nothing and builds nothing.
	 * @param request sends one attempt through one of the clients
	 */
	private <T> Mono<T> send(Call call, BiFunction<Clients, ReductoTransport.AnswerReader<T>, Mono<T>> request,
			AnswerDecoder<T> decode, RequestOptions options) {
		if (this.closed) {
			return Mono.error(new IllegalStateException("This Reducto client is closed: " + call.description()
					+ " was not sent"));
		}
		Parts parts = parts();
		return execute(call, parts, (reader) -> request.apply(parts.clients(), reader), decode, options);
	}

	private <T> Mono<T> execute(Call call, Parts parts, Function<ReductoTransport.AnswerReader<T>, Mono<T>> request,
			AnswerDecoder<T> decode, RequestOptions options) {
		ReductoCallObserver.CallObservation observation = this.observer
			.start(new ReductoCall(call.operation(), call.method().name(), call.pathTemplate(), call.jobId()));
		RetryPolicy policy = policy(parts, call, options);
		AtomicInteger attemptsSent = new AtomicInteger();
		ErrorMapping errors = parts.errors();
		ReductoTransport.AnswerReader<T> reader = (status, headers, body) -> {
			observation.onResponse(status);
			return readAnswer(call, parts, status, headers, body, decode);
		};
		Mono<T> sent = Mono.defer(() -> {
			attemptsSent.incrementAndGet();
			return request.apply(reader);
		});
		Mono<T> attempt = parts.pacing()
			.paced(call, sent)
			.onErrorMap((failure) -> errors.transportFailure(call, failure));
		Mono<T> retried = ReactorRetry.afterFirstFailure(attempt, () -> ReactorRetry.of(policy,
				this.retrySettings.maxRetryAfter(), (retry, failure, wait) -> {
					if (failure instanceof ReductoRateLimitException limited) {
						// Slow down every call the limit is about, not just this one: the limit is per API key.
						parts.pacing().rateLimited(call, limited, wait);
					}
					observation.onRetry(retry, failure, wait);
				}));
		Duration deadline = policy.getTimeout();
		// The deadline's failure as the timeout's fallback, not a TimeoutException mapped afterwards: without a
		// fallback the operator names its source for the exception's message, walking the chain on every call.
		Mono<T> bounded = (deadline != null) ? retried.timeout(deadline,
				Mono.error(() -> errors.deadlinePassed(call, deadline, options.timeout() != null, attemptsSent.get())))
				: retried;
		if (observation == ReductoCallObserver.CallObservation.NOOP) {
			// Nothing observes the call: four operators fewer on every call.
			return bounded;
		}
		return bounded.doOnSuccess((value) -> observation.stop(null))
			.doOnError(observation::stop)
			.doOnCancel(() -> observation.stop(null))
			.contextWrite(observation::contextWrite);
	}

	private <T> Mono<T> readAnswer(Call call, Parts parts, int status, HttpHeaders headers, Flux<DataBuffer> body,
			AnswerDecoder<T> decode) {
		ErrorMapping errors = parts.errors();
		return DataBufferUtils.join(body, this.maxResponseBytes)
			.map(ReductoHttpPipeline::drain)
			.defaultIfEmpty(new byte[0])
			.onErrorMap((failure) -> errors.bodyReadFailure(call, status, headers, failure, this.maxResponseBytes))
			.map((bytes) -> {
				if (status >= 400) {
					throw errors.fromErrorResponse(call, status, headers, bytes);
				}
				return decode(call, parts, status, headers, bytes, decode);
			});
	}

	private static <T> T decode(Call call, Parts parts, int status, HttpHeaders headers, byte[] body,
			AnswerDecoder<T> decode) {
		try (JsonParser parser = parts.json().createParser(body)) {
			return decode.decode(parser);
		}
		catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
			throw parts.errors().unusableBody(call, status, headers, body, ex);
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
	 * The HTTP clients a pipeline sends through, built on its first call.
	 *
	 * @param api the client for Reducto's API, with its credentials set; calls give it absolute URIs
	 * @param resultFetcher a client without credentials, for result URLs on third-party storage
	 * @param ownResources what was created for this pipeline alone (its connection pool), released by
	 * {@link ReductoHttpPipeline#close()}; {@code null} when everything it uses is shared
	 */
	public record Clients(ReductoTransport api, ReductoTransport resultFetcher, @Nullable Disposable ownResources) {
	}

	/**
	 * What calls need besides their HTTP clients, built with them on the first call: loading and linking these classes
	 * (every exception type, Spring's retry policies) was a sixth of what the starter added to startup. The mapper is
	 * held here too, so that reading an answer takes it from a field, not from its lazy holder.
	 */
	private record Parts(Clients clients, JsonMapper json, ErrorMapping errors, RetryPolicy readPolicy,
			RetryPolicy submissionPolicy, RequestPacing pacing) {
	}

	/**
	 * One API call as the pipeline sends, paces, retries and reports it.
	 *
	 * @param operation the operation's name ({@code get_job}, {@code list_jobs}, ...): the observation's tag and
	 * the pace it keeps ({@code get_job} is also paced as a job read)
	 * @param method the HTTP method
	 * @param pathTemplate the path template, never the filled-in path: what errors and observations name
	 * @param target the path and query sent, relative to the base URL, every value in it already encoded strictly (a
	 * job id stays one path segment: '/', '?', '%' and '#' are escaped)
	 * @param jobId the job the call is about, if any
	 * @param kind whether repeating the call can do harm, which decides what is retried
	 * @param body the request body, if any
	 * @param contentType the body's content type, where the body does not set its own (multipart does)
	 */
	public record Call(String operation, HttpMethod method, String pathTemplate, String target, @Nullable String jobId,
			CallKind kind, @Nullable BodyInserter<?, ? super ClientHttpRequest> body, @Nullable MediaType contentType) {

		/** A call that is safe to repeat (a read, cancel or delete), without variables or body. */
		public static Call read(String operation, HttpMethod method, String pathTemplate) {
			return new Call(operation, method, pathTemplate, pathTemplate, null, CallKind.IDEMPOTENT, null, null);
		}

		/** A call that may create something on the server (a submission or upload), with its body. */
		public static Call submission(String operation, String pathTemplate,
				BodyInserter<?, ? super ClientHttpRequest> body, @Nullable MediaType contentType) {
			return new Call(operation, HttpMethod.POST, pathTemplate, pathTemplate, null, CallKind.SUBMISSION, body,
					contentType);
		}

		/** This call about a job: its id, encoded, fills {@code {jobId}} in the path. */
		public Call forJob(String jobId) {
			return new Call(this.operation, this.method, this.pathTemplate,
					this.pathTemplate.replace("{jobId}", encode(jobId)), jobId, this.kind, this.body, this.contentType);
		}

		/** This call with a query of these parameters, in their order; their values are encoded. */
		public Call withQuery(Map<String, ?> parameters) {
			if (parameters.isEmpty()) {
				return this;
			}
			StringJoiner query = new StringJoiner("&", this.target + "?", "");
			parameters.forEach((name, value) -> query.add(encode(name) + "=" + encode(String.valueOf(value))));
			return new Call(this.operation, this.method, this.pathTemplate, query.toString(), this.jobId, this.kind,
					this.body, this.contentType);
		}

		/** {@code GET /job/{jobId} [job 123]}: what messages name. */
		public String description() {
			return this.method.name() + " " + this.pathTemplate + ((this.jobId != null) ? " [job " + this.jobId + "]" : "");
		}

		private static String encode(String value) {
			return UriUtils.encode(value, StandardCharsets.UTF_8);
		}

	}

}
