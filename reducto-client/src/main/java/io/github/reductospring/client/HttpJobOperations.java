package io.github.reductospring.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.reductospring.client.cleanup.CleanupReport;
import io.github.reductospring.client.cleanup.CleanupRequest;
import io.github.reductospring.client.cleanup.JobCleanup;
import io.github.reductospring.client.error.JobDeletedException;
import io.github.reductospring.client.error.JobNotCancellableException;
import io.github.reductospring.client.error.JobNotDeletableException;
import io.github.reductospring.client.error.ReductoApiException;
import io.github.reductospring.client.http.AnswerDecoder;
import io.github.reductospring.client.http.ReductoHttpPipeline.Call;
import io.github.reductospring.client.http.ReductoHttpPipeline;
import io.github.reductospring.client.model.EditResult;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobPage;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.model.JobType;
import io.github.reductospring.client.model.ParseResult;
import io.github.reductospring.client.model.PipelineResult;
import io.github.reductospring.client.retry.CallKind;
import io.github.reductospring.client.tracking.JobTracker;
import io.github.reductospring.client.webhook.WebhookSettings;
import tools.jackson.databind.JsonNode;

/**
 * {@link ReactiveJobOperations} over the {@link ReductoHttpPipeline}: what each operation sends and what its answer
 * and its errors mean. Reads go through the {@link HttpJobSource} the tracker shares; waits go through the tracker
 * handed in.
 */
final class HttpJobOperations implements ReactiveJobOperations {

	/** Reducto's limit for a direct upload; larger files go through a presigned URL. */
	static final long MAX_DIRECT_UPLOAD_BYTES = 100L * 1024 * 1024;

	/** Reducto's limit for an upload through a presigned URL. */
	static final long MAX_PRESIGNED_UPLOAD_BYTES = 5L * 1024 * 1024 * 1024;

	private static final Call PRESIGNED_UPLOAD_URL = new Call("upload", HttpMethod.POST, "/upload", "/upload", null,
			CallKind.SUBMISSION, null, null);

	private static final Call DELETE_JOB = Call.read("delete_job", HttpMethod.DELETE, "/job/{jobId}");

	private static final Call CONFIGURE_WEBHOOK = Call.read("configure_webhook", HttpMethod.POST,
			"/configure_webhook");

	private final ReductoHttpPipeline pipeline;

	private final HttpJobSource jobs;

	private final JobTracker tracker;

	private final SubmissionBodies submissions;

	private final Runnable closeOwnParts;

	HttpJobOperations(ReductoHttpPipeline pipeline, HttpJobSource jobs, JobTracker tracker,
			@Nullable WebhookSettings webhook, Runnable closeOwnParts) {
		this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
		this.jobs = Objects.requireNonNull(jobs, "jobs");
		this.tracker = Objects.requireNonNull(tracker, "tracker");
		this.submissions = new SubmissionBodies(pipeline::json, webhook, tracker.applicationId(), tracker.instanceId());
		this.closeOwnParts = closeOwnParts;
	}

	@Override
	public void close() {
		this.closeOwnParts.run();
	}

	@Override
	public Mono<Job> get(String jobId) {
		return this.jobs.get(jobId);
	}

	@Override
	public Mono<JobPage> list(ListQuery query) {
		return this.jobs.list(query);
	}

	@Override
	public Flux<Job> listAll(ListQuery query) {
		return this.jobs.listAll(query);
	}

	@Override
	public Mono<Job> cancel(String jobId) {
		// Cancel, then read the state it left: the answer to /cancel carries no state, and the API leaves an ended
		// job unchanged. A job cancelled before is simply cancelled still. Whether the API refuses a cancel of an
		// ended job is not documented: a refusal of a job that has ended reports its state, not the raw refusal.
		String id = Job.checkId(jobId);
		return this.jobs.cancel(id)
			.then(Mono.<Optional<ReductoApiException>>empty())
			.onErrorResume(ReductoApiException.class,
					(refused) -> (refused.getStatusCode() == 404) ? Mono.error(refused) : Mono.just(Optional.of(refused)))
			.defaultIfEmpty(Optional.empty())
			.flatMap((refusal) -> get(id).flatMap((after) -> {
				if (refusal.isPresent() && !after.isTerminal()) {
					return Mono.error(refusal.get());
				}
				boolean endedOtherwise = after.isTerminal() && after.status() != JobStatus.CANCELLED;
				return endedOtherwise ? Mono.error(new JobNotCancellableException(after)) : Mono.just(after);
			}));
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
		return JobCleanup.run(request, this.jobs::newestFirst, this::deleteEnded);
	}

	/** {@code DELETE /job/{id}} of a job known to have ended; a second deletion is harmless. */
	private Mono<Void> deleteEnded(String jobId) {
		return Mono.defer(() -> this.pipeline.exchange(DELETE_JOB.forJob(Job.checkId(jobId)), AnswerDecoder.tree((json) -> json))
			.onErrorResume(JobDeletedException.class, (alreadyDeleted) -> Mono.empty())
			.then());
	}

	@Override
	public Mono<String> submit(SubmitRequest request) {
		return Mono.defer(() -> {
			String path = switch (request.type()) {
				case PARSE -> "/parse_async";
				case EXTRACT -> "/extract_async";
				case SPLIT -> "/split_async";
				case EDIT -> "/edit_async";
				case PIPELINE -> "/pipeline_async";
				default -> throw new IllegalArgumentException("Submitting " + request.type() + " jobs is not supported");
			};
			byte[] body = this.submissions.body(request);
			Call call = Call.submission("submit_" + request.type().name().toLowerCase(Locale.ROOT), path,
					BodyInserters.fromValue(body), MediaType.APPLICATION_JSON);
			// Written to a shared registry before the id is returned, so that the cluster follows the job.
			return this.pipeline.exchange(call, AnswerDecoder.tree(WireMapping::submittedJobId))
				.flatMap((jobId) -> this.tracker.registerSubmitted(jobId).thenReturn(jobId));
		});
	}

	@Override
	public Mono<Job> submitAndAwait(SubmitRequest request, Duration timeout) {
		return submit(request).flatMap((jobId) -> this.tracker.trackSubmitted(jobId, timeout));
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
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read the size of " + file, ex);
			}
			if (size > MAX_DIRECT_UPLOAD_BYTES) {
				return uploadThroughPresignedUrl(file, size);
			}
			return upload(new FileSystemResource(file), file.getFileName().toString());
		});
	}

	/**
	 * Reducto's flow for large files: {@code POST /upload} without a file hands out a file id and a presigned URL,
	 * the bytes go there (streamed from disk), and the file id is the job's input.
	 */
	private Mono<UploadedFile> uploadThroughPresignedUrl(Path file, long size) {
		if (size > MAX_PRESIGNED_UPLOAD_BYTES) {
			throw new IllegalArgumentException("Cannot upload " + file.getFileName() + ": " + size
					+ " bytes is more than Reducto's 5 GB limit for uploads");
		}
		return this.pipeline.exchange(PRESIGNED_UPLOAD_URL, AnswerDecoder.tree(WireMapping::uploadedFile))
			.flatMap((uploaded) -> {
				if (uploaded.presignedUrl() == null) {
					return Mono.error(new IllegalStateException("Reducto handed out no presigned URL for "
							+ file.getFileName() + " (" + size + " bytes): it cannot be uploaded"));
				}
				return this.pipeline.putFile(URI.create(uploaded.presignedUrl()), file).thenReturn(uploaded);
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
		return this.pipeline.exchange(
				Call.submission("upload", "/upload", BodyInserters.fromMultipartData(parts.build()), null),
				AnswerDecoder.tree(WireMapping::uploadedFile));
	}

	private static void checkUploadSize(long size, String name) {
		if (size > MAX_DIRECT_UPLOAD_BYTES) {
			throw new IllegalArgumentException("Cannot upload " + name + " directly: " + size
					+ " bytes is more than Reducto's 100 MB limit for direct uploads: write it to a file and upload(Path), "
					+ "which sends files up to 5 GB through a presigned URL");
		}
	}

	@Override
	public Mono<Job> await(String jobId, Duration timeout) {
		return this.tracker.track(jobId, timeout);
	}

	@Override
	public Mono<List<Job>> awaitAll(Collection<String> jobIds, Duration timeout) {
		return this.tracker.trackAll(jobIds, timeout);
	}

	@Override
	public Mono<URI> configureWebhook() {
		return this.pipeline.exchange(CONFIGURE_WEBHOOK, AnswerDecoder.tree((json) -> {
			String url = json.isString() ? json.stringValue() : WireMapping.text(json, "url");
			if (url == null || url.isBlank()) {
				throw new IllegalArgumentException("the answer carries no portal URL");
			}
			return URI.create(url);
		}));
	}

	@Override
	public JobTracker tracker() {
		return this.tracker;
	}

	@Override
	public Mono<EditResult> editResult(Job job) {
		return Mono.fromCallable(() -> WireMapping.editResult(this.pipeline.json(), completedResult(job, JobType.EDIT)));
	}

	@Override
	public Mono<PipelineResult> pipelineResult(Job job) {
		return Mono.fromCallable(
				() -> WireMapping.pipelineResult(this.pipeline.json(), completedResult(job, JobType.PIPELINE)));
	}

	/** The result of a completed job of this type, or a refusal that says why there is none. */
	private static JsonNode completedResult(Job job, JobType type) {
		JsonNode result = completedResult(job);
		if (job.type() != null && job.type() != type) {
			throw new IllegalArgumentException("Job " + job.jobId() + " is a " + job.type() + " job, not "
					+ type.name().toLowerCase(Locale.ROOT));
		}
		return result;
	}

	/** The result of a completed job, or a refusal that says why there is none. */
	private static JsonNode completedResult(Job job) {
		JsonNode result = job.result();
		if (job.status() != JobStatus.COMPLETED || result == null) {
			throw new IllegalArgumentException("Job " + job.jobId() + " has no result to read: it is " + job.status());
		}
		return result;
	}

	@Override
	public Mono<ParseResult> parseResult(Job job) {
		return Mono.defer(() -> {
			JsonNode response = completedResult(job);
			JsonNode result = response.get("result");
			boolean byUrl = result != null && "url".equals(WireMapping.text(result, "type"));
			if (result == null || !result.isObject() || !(result.has("chunks") || byUrl)) {
				throw new IllegalArgumentException("Job " + job.jobId() + " did not produce a parse result");
			}
			if (byUrl) {
				String url = WireMapping.text(result, "url");
				if (url == null) {
					throw new IllegalArgumentException("Job " + job.jobId() + " has a URL result without a URL");
				}
				return this.pipeline.fetchResult(job.jobId(), URI.create(url),
						AnswerDecoder.tree((full) -> WireMapping.parseResult(this.pipeline.json(), response, full)));
			}
			return Mono.just(WireMapping.parseResult(this.pipeline.json(), response, result));
		});
	}

}
