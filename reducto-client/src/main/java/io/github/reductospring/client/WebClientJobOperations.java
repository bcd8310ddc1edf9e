package io.github.reductospring.client;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.reductospring.client.error.JobDeletedException;
import io.github.reductospring.client.error.JobNotCancellableException;
import io.github.reductospring.client.error.JobNotDeletableException;
import io.github.reductospring.client.error.ReductoApiException;
import io.github.reductospring.client.error.ReductoRateLimitException;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobPage;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.model.ParseResult;
import io.github.reductospring.client.retry.CallKind;
import io.github.reductospring.client.retry.ReactorRetry;
import io.github.reductospring.client.retry.ReductoRetryPolicies;
import io.github.reductospring.client.retry.RetrySettings;
import io.github.reductospring.client.webhook.WebhookMode;
import io.github.reductospring.client.webhook.WebhookSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link ReactiveJobOperations} over a {@link WebClient}. Every call goes through {@link #exchange}: one place for
 * reading bodies, mapping errors, retrying and the overall deadline.
 */
final class WebClientJobOperations implements ReactiveJobOperations {

	/** Reducto's limit for a direct upload; larger files need the presigned-URL flow. */
	static final long MAX_DIRECT_UPLOAD_BYTES = 100L * 1024 * 1024;

	private static final Pattern CONTROL_CHARACTERS = Pattern.compile("\\p{Cntrl}");

	private final WebClient api;

	private final WebClient resultFetcher;

	private final ErrorMapping errors;

	private final RetrySettings retrySettings;


	private final int maxResponseBytes;

	private final ReactorRetry.RetryListener retryListener;

	private final RetryPolicy idempotentPolicy;

	private final RetryPolicy submissionPolicy;

	/** No pacing: result URLs are not Reducto's API, and pacing can be switched off. */
	private static final RateLimiter[] UNPACED = new RateLimiter[0];

	private final RateLimiter[] allRequests;

	private final JobTracker tracker;

	private final @Nullable WebhookSettings webhook;

	private final ReductoCallObserver observer;

	private final RateLimiter[] jobReads;

	WebClientJobOperations(WebClient api, WebClient resultFetcher, String apiKey, RetrySettings retrySettings,
			PollingSettings polling, RateLimitSettings rateLimit, TrackingSettings tracking,
			@Nullable WebhookSettings webhook, int maxResponseBytes, ReactorRetry.RetryListener retryListener,
			ReductoCallObserver observer) {
		this.webhook = webhook;
		this.observer = observer;
		this.api = api;
		this.resultFetcher = resultFetcher;
		this.errors = new ErrorMapping(apiKey);
		this.retrySettings = retrySettings;
		this.maxResponseBytes = maxResponseBytes;
		this.retryListener = retryListener;
		this.idempotentPolicy = ReductoRetryPolicies.create(retrySettings, CallKind.IDEMPOTENT);
		this.submissionPolicy = ReductoRetryPolicies.create(retrySettings, CallKind.SUBMISSION);
		this.tracker = new JobTracker(this, tracking, polling);
		if (rateLimit.enabled()) {
			RateLimiter overall = new RateLimiter(rateLimit.requestsPerSecond());
			this.allRequests = new RateLimiter[] { overall };
			this.jobReads = new RateLimiter[] { overall, new RateLimiter(rateLimit.jobReadsPerSecond()) };
		}
		else {
			this.allRequests = UNPACED;
			this.jobReads = UNPACED;
		}
	}

	@Override
	public Mono<Job> get(String jobId) {
		return Mono.defer(() -> {
			String id = validJobId(jobId);
			Call call = new Call("get_job", HttpMethod.GET, "/job/{jobId}", id, this.idempotentPolicy);
			return exchange(call, (spec) -> spec.uri("/job/{jobId}", id), null, (json) -> WireMapping.job(id, json));
		});
	}

	@Override
	public Mono<JobPage> list(ListQuery query) {
		return Mono.defer(() -> {
			Call call = new Call("list_jobs", HttpMethod.GET, "/jobs", null, this.idempotentPolicy);
			Map<String, Object> variables = new LinkedHashMap<>();
			variables.put("limit", query.limit());
			variables.put("excludeConfigs", query.excludeConfigs());
			String template = "/jobs?limit={limit}&exclude_configs={excludeConfigs}";
			if (query.cursor() != null && !query.cursor().isEmpty()) {
				template += "&cursor={cursor}";
				variables.put("cursor", query.cursor());
			}
			String uri = template;
			return exchange(call, (spec) -> spec.uri(uri, variables), null, WireMapping::page);
		});
	}

	@Override
	public Flux<Job> listAll(ListQuery query) {
		return JobPager.pages(query, this::list);
	}

	@Override
	public Mono<Job> cancel(String jobId) {
		// Read first: a job that has ended cannot be cancelled, and whether the server would refuse or ignore the
		// call is not documented. Read again after: the answer to /cancel carries no state.
		return get(jobId).flatMap((before) -> {
			if (before.isTerminal()) {
				return Mono.error(new JobNotCancellableException(before));
			}
			Call call = new Call("cancel_job", HttpMethod.POST, "/cancel/{jobId}", before.jobId(),
					this.idempotentPolicy);
			return exchange(call, (spec) -> spec.uri("/cancel/{jobId}", before.jobId()), null, (json) -> json)
				.onErrorResume(ReductoApiException.class, (refused) -> refusedCancel(before.jobId(), refused))
				.then(get(before.jobId()))
				.flatMap((after) -> (after.status() == JobStatus.COMPLETED || after.status() == JobStatus.FAILED)
						? Mono.error(new JobNotCancellableException(after)) : Mono.just(after));
		});
	}

	private Mono<JsonNode> refusedCancel(String jobId, ReductoApiException refused) {
		if (refused.getStatusCode() == 404) {
			return Mono.error(refused);
		}
		// The job may have ended between our read and the cancel: report that rather than the raw refusal.
		return get(jobId).flatMap((job) -> job.isTerminal() ? Mono.error(new JobNotCancellableException(job))
				: Mono.error(refused));
	}

	@Override
	public Mono<Void> delete(String jobId, boolean cancelIfRunning) {
		// Read first: deleting a running job must be asked for; a job deleted before counts as done.
		return get(jobId).flatMap((job) -> {
			if (job.isTerminal()) {
				return deleteEnded(job.jobId());
			}
			if (!cancelIfRunning) {
				return Mono.error(new JobNotDeletableException(job));
			}
			return cancel(job.jobId()).onErrorResume(JobNotCancellableException.class, (ended) -> Mono.empty())
				.then(deleteEnded(job.jobId()));
		}).onErrorResume(JobDeletedException.class, (alreadyDeleted) -> Mono.empty());
	}

	@Override
	public Mono<CleanupReport> cleanup(CleanupRequest request) {
		return JobCleanup.run(request, this::listAll, this::deleteEnded);
	}

	/** {@code DELETE /job/{id}} of a job known to have ended; a second deletion is harmless. */
	private Mono<Void> deleteEnded(String jobId) {
		return Mono.defer(() -> {
			String id = validJobId(jobId);
			Call call = new Call("delete_job", HttpMethod.DELETE, "/job/{jobId}", id, this.idempotentPolicy);
			return exchange(call, (spec) -> spec.uri("/job/{jobId}", id), null, (json) -> json)
				.onErrorResume(JobDeletedException.class, (alreadyDeleted) -> Mono.empty())
				.then();
		});
	}

	@Override
	public Mono<String> submit(SubmitRequest request) {
		return Mono.defer(() -> {
			String path = switch (request.type()) {
				case PARSE -> "/parse_async";
				case EXTRACT -> "/extract_async";
				case SPLIT -> "/split_async";
				default -> throw new IllegalArgumentException("Submitting " + request.type() + " jobs is not supported");
			};
			ObjectNode body = submissionBody(request, this.webhook);
			Call call = new Call("submit_" + request.type().name().toLowerCase(java.util.Locale.ROOT), HttpMethod.POST,
					path, null, this.submissionPolicy);
			return exchange(call, (spec) -> spec.uri(path).contentType(MediaType.APPLICATION_JSON),
					BodyInserters.fromValue(bytes(body)),
					WireMapping::submittedJobId);
		});
	}

	/**
	 * The {@code *_async} body. Without a webhook of its own, a request gets the application's configured one; a
	 * direct webhook to this application's receiver carries the token the receiver checks.
	 */
	static ObjectNode submissionBody(SubmitRequest request, @Nullable WebhookSettings configured) {
		ObjectNode body = WireMapping.JSON.createObjectNode();
		body.put("input", request.input());
		ObjectNode async = body.putObject("async");
		async.put("priority", request.priority());
		JsonNode metadata = (request.metadata() != null) ? WireMapping.JSON.valueToTree(request.metadata()) : null;
		Webhook webhook = request.webhook();
		if (webhook == null && configured != null) {
			webhook = (configured.mode() == WebhookMode.DIRECT) ? Webhook.direct(configured.url())
					: Webhook.svix(configured.channels().toArray(String[]::new));
		}
		if (webhook != null && configured != null && configured.mode() == WebhookMode.DIRECT
				&& webhook.mode().equals("direct") && java.util.Objects.equals(webhook.url(), configured.url())) {
			if (metadata != null && !metadata.isObject()) {
				throw new IllegalArgumentException("With direct webhooks, job metadata must be a JSON object (a Map), "
						+ "so that it can carry the receiver's token; got " + metadata.getNodeType());
			}
			ObjectNode withToken = (metadata != null) ? ((ObjectNode) metadata).deepCopy()
					: WireMapping.JSON.createObjectNode();
			withToken.put(WebhookSettings.TOKEN_METADATA_KEY, configured.directToken());
			metadata = withToken;
		}
		if (metadata != null) {
			async.set("metadata", metadata);
		}
		if (webhook != null) {
			ObjectNode hook = async.putObject("webhook");
			hook.put("mode", webhook.mode());
			if (webhook.url() != null) {
				hook.put("url", webhook.url().toString());
			}
			if (!webhook.channels().isEmpty()) {
				webhook.channels().forEach(hook.putArray("channels")::add);
			}
		}
		request.options().forEach((name, value) -> body.set(name, WireMapping.JSON.valueToTree(value)));
		return body;
	}

	private static byte[] bytes(JsonNode node) {
		return WireMapping.JSON.writeValueAsBytes(node);
	}

	@Override
	public Mono<UploadedFile> upload(Path file) {
		return Mono.defer(() -> {
			if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
				throw new IllegalArgumentException("Cannot upload " + file + ": not a readable file");
			}
			long size;
			try {
				size = Files.size(file);
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException("Cannot read the size of " + file, ex);
			}
			checkUploadSize(size, file.getFileName().toString());
			return upload(new FileSystemResource(file), file.getFileName().toString());
		});
	}

	@Override
	public Mono<UploadedFile> upload(byte[] content, String filename) {
		return Mono.defer(() -> {
			if (filename == null || filename.isBlank()) {
				throw new IllegalArgumentException("An upload needs a file name (its extension tells Reducto the type)");
			}
			checkUploadSize(content.length, filename);
			return upload(new ByteArrayResource(content), filename);
		});
	}

	private Mono<UploadedFile> upload(Resource resource, String filename) {
		MultipartBodyBuilder parts = new MultipartBodyBuilder();
		parts.part("file", resource).filename(filename).contentType(MediaType.APPLICATION_OCTET_STREAM);
		Call call = new Call("upload", HttpMethod.POST, "/upload", null, this.submissionPolicy);
		return exchange(call, (spec) -> spec.uri("/upload"), BodyInserters.fromMultipartData(parts.build()),
				WireMapping::uploadedFile);
	}

	private static void checkUploadSize(long size, String name) {
		if (size > MAX_DIRECT_UPLOAD_BYTES) {
			throw new IllegalArgumentException("Cannot upload " + name + " directly: " + size
					+ " bytes is more than Reducto's 100 MB limit for direct uploads");
		}
	}

	@Override
	public Mono<Job> await(String jobId, Duration timeout) {
		return this.tracker.track(jobId, timeout);
	}

	@Override
	public Mono<URI> configureWebhook() {
		Call call = new Call("configure_webhook", HttpMethod.POST, "/configure_webhook", null, this.idempotentPolicy);
		return exchange(call, (spec) -> spec.uri("/configure_webhook"), null, (json) -> {
			String url = json.isString() ? json.stringValue() : WireMapping.text(json, "url");
			if (url == null || url.isBlank()) {
				throw new IllegalArgumentException("the answer carries no portal URL");
			}
			return URI.create(url);
		});
	}

	@Override
	public JobTracker tracker() {
		return this.tracker;
	}

	@Override
	public Mono<ParseResult> parseResult(Job job) {
		return Mono.defer(() -> {
			JsonNode response = job.result();
			if (job.status() != JobStatus.COMPLETED || response == null) {
				throw new IllegalArgumentException("Job " + job.jobId() + " has no result to read: it is "
						+ job.status());
			}
			JsonNode result = response.get("result");
			if (result == null || !result.isObject() || !(result.has("chunks") || "url".equals(WireMapping.text(result, "type")))) {
				throw new IllegalArgumentException("Job " + job.jobId() + " did not produce a parse result");
			}
			if ("url".equals(WireMapping.text(result, "type"))) {
				String url = WireMapping.text(result, "url");
				if (url == null) {
					throw new IllegalArgumentException("Job " + job.jobId() + " has a URL result without a URL");
				}
				return fetchResultUrl(job.jobId(), url).map((full) -> WireMapping.parseResult(response, full));
			}
			return Mono.just(WireMapping.parseResult(response, result));
		});
	}

	/** Fetches a presigned result URL with the client that carries no API key. */
	private Mono<JsonNode> fetchResultUrl(String jobId, String url) {
		Call call = new Call("fetch_result", HttpMethod.GET, "{resultUrl}", jobId, this.idempotentPolicy);
		return execute(call, this.resultFetcher.get().uri(java.net.URI.create(url)), Function.identity());
	}

	private <T> Mono<T> exchange(Call call, Function<WebClient.RequestBodyUriSpec, WebClient.RequestHeadersSpec<?>> uri,
			@Nullable BodyInserter<?, ? super org.springframework.http.client.reactive.ClientHttpRequest> body,
			Function<JsonNode, T> onSuccess) {
		WebClient.RequestHeadersSpec<?> request = uri.apply(this.api.method(call.method()));
		if (body != null) {
			// The body's own request spec sets its content type (JSON for submissions; multipart sets its own).
			request = ((WebClient.RequestBodySpec) request).body(body);
		}
		return execute(call, request, onSuccess);
	}

	private <T> Mono<T> execute(Call call, WebClient.RequestHeadersSpec<?> request, Function<JsonNode, T> onSuccess) {
		return Mono.defer(() -> {
			ReductoCallObserver.CallObservation observation = this.observer.start(new ReductoCall(call.name(),
					call.method().name(), call.uriTemplate(), call.jobId()));
			Duration deadline = call.retryPolicy().getTimeout();
			RateLimiter[] limiters = limitersFor(call);
			Mono<T> attempt = RateLimiter.acquire(limiters)
				.then(request.exchangeToMono((response) -> {
					observation.onResponse(response.statusCode().value());
					return readAnswer(call, response, onSuccess);
				}))
				.onErrorMap((failure) -> this.errors.transportFailure(call, failure))
				.doOnError(ReductoRateLimitException.class, (limited) -> {
					// Slow every call down, not just this one: the limit is per API key.
					Duration pause = (limited.getRetryAfter() != null) ? limited.getRetryAfter()
							: Duration.ofSeconds(1);
					for (RateLimiter limiter : limiters) {
						limiter.pause(pause);
					}
				});
			Mono<T> retried = attempt.retryWhen(ReactorRetry.of(call.retryPolicy(),
					this.retrySettings.maxRetryAfter(), (retry, failure, wait) -> {
						this.retryListener.onRetry(retry, failure, wait);
						observation.onRetry(retry, failure, wait);
					}));
			Mono<T> bounded = (deadline != null) ? retried.timeout(deadline)
				.onErrorMap(TimeoutException.class, (timeout) -> this.errors.deadlinePassed(call, deadline)) : retried;
			return bounded.doOnSuccess((value) -> observation.stop(null))
				.doOnError(observation::stop)
				.doOnCancel(() -> observation.stop(null))
				.contextWrite(observation::contextWrite);
		});
	}

	private <T> Mono<T> readAnswer(Call call, ClientResponse response, Function<JsonNode, T> onSuccess) {
		int status = response.statusCode().value();
		HttpHeaders headers = response.headers().asHttpHeaders();
		return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), this.maxResponseBytes)
			.map(WebClientJobOperations::drain)
			.defaultIfEmpty(new byte[0])
			.onErrorMap((failure) -> this.errors.bodyReadFailure(call, status, headers, failure))
			.map((body) -> {
				if (status >= 400) {
					throw this.errors.fromErrorResponse(call, status, headers, body);
				}
				return convert(call, status, headers, body, onSuccess);
			});
	}

	private RateLimiter[] limitersFor(Call call) {
		return switch (call.name()) {
			case "get_job" -> this.jobReads;
			case "fetch_result" -> UNPACED;
			default -> this.allRequests;
		};
	}

	private <T> T convert(Call call, int status, HttpHeaders headers, byte[] body, Function<JsonNode, T> onSuccess) {
		try {
			JsonNode json = WireMapping.JSON.readTree((body.length == 0) ? "null".getBytes() : body);
			return onSuccess.apply(json);
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
	 * A job id travels as one encoded path segment; these checks keep ids that could never be valid, or that a
	 * server could read as another path, from reaching it at all.
	 */
	static String validJobId(@Nullable String jobId) {
		if (jobId == null || jobId.isBlank()) {
			throw new IllegalArgumentException("A job id must not be empty or blank");
		}
		if (jobId.equals(".") || jobId.equals("..")) {
			throw new IllegalArgumentException("'" + jobId + "' is not a job id");
		}
		if (CONTROL_CHARACTERS.matcher(jobId).find()) {
			throw new IllegalArgumentException("A job id must not contain control characters");
		}
		if (jobId.length() > 256) {
			throw new IllegalArgumentException("A job id is at most 256 characters, got " + jobId.length());
		}
		return jobId;
	}


}
