package io.github.reductospring.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.reductospring.client.cleanup.CleanupReport;
import io.github.reductospring.client.cleanup.CleanupRequest;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobPage;
import io.github.reductospring.client.model.EditResult;
import io.github.reductospring.client.model.ParseResult;
import io.github.reductospring.client.model.PipelineResult;
import io.github.reductospring.client.http.RequestOptions;
import io.github.reductospring.client.tracking.JobTracker;

/**
 * Reducto job operations, reactive. Every failure is a {@link io.github.reductospring.client.error.ReductoException}
 * (or an {@link IllegalArgumentException} for bad input, raised before any request).
 * <p>
 * Build one with {@link #builder()}, or let the Spring Boot starter provide it.
 */
public interface ReactiveJobOperations extends AutoCloseable {

	/** The job with this id; {@code JobNotFoundException} if there is none. */
	Mono<Job> get(String jobId);

	/** One page of jobs, newest first. */
	Mono<JobPage> list(ListQuery query);

	/**
	 * Every job, newest first, page after page, lazily: a page is fetched only when the subscriber asks for more
	 * than the previous page held, and only one page is held at a time. Stops on a null, empty or repeated cursor.
	 */
	Flux<Job> listAll(ListQuery query);

	/**
	 * Cancels a pending or running job and returns it as read right after the request (two requests: cancel, read).
	 * A job cancelled before is returned as it is; one that completed or failed gives
	 * {@code JobNotCancellableException} naming its state, whether the server refuses the call or ignores it.
	 */
	Mono<Job> cancel(String jobId);

	/**
	 * Deletes an ended job's artifacts ({@code DELETE /job/{id}}; Reducto removes them asynchronously). A pending or
	 * running job gives {@code JobNotDeletableException}; deleting twice is harmless.
	 */
	default Mono<Void> delete(String jobId) {
		return delete(jobId, false);
	}

	/** Deletes a job, cancelling it first when {@code cancelIfRunning} and it has not ended. */
	Mono<Void> delete(String jobId, boolean cancelIfRunning);

	/**
	 * Deletes ended jobs older than a retention, streaming the job list; reports what it examined, selected, deleted
	 * and failed to delete. In a dry run it only reports.
	 */
	Mono<CleanupReport> cleanup(CleanupRequest request);

	/** Submits a job; returns its id. Retried only when the server surely created no job. */
	Mono<String> submit(SubmitRequest request);

	/**
	 * Submits a job and waits until it ends, through the {@link #tracker() tracker}; its first refresh waits one
	 * polling interval, as the job has just started.
	 */
	Mono<Job> submitAndAwait(SubmitRequest request, Duration timeout);

	/**
	 * Uploads a local file for use as a job's input: up to 100 MB directly, larger ones (up to 5 GB) through a presigned
	 * URL Reducto hands out, streamed from disk.
	 */
	Mono<UploadedFile> upload(Path file);

	/** Uploads bytes under a file name (at most 100 MB) for use as a job's input. */
	Mono<UploadedFile> upload(byte[] content, String filename);

	/**
	 * Waits until a job ends, through this client's {@link #tracker() tracker} (polls on a growing interval, or in
	 * bulk when many jobs are awaited). Fails with {@code JobTimeoutException}, carrying the job as last seen, when
	 * {@code timeout} passes first.
	 */
	Mono<Job> await(String jobId, Duration timeout);

	/**
	 * Waits for several jobs at once, refreshing them together. Gives them in the order given; a job that did not end
	 * in time is given as last seen (not terminal), so nothing is lost.
	 */
	Mono<List<Job>> awaitAll(Collection<String> jobIds, Duration timeout);

	/** The URL of Reducto's webhook portal (Svix) for this account, where endpoints and secrets are managed. */
	Mono<URI> configureWebhook();

	/** The tracker that watches this client's jobs until they end. */
	JobTracker tracker();

	/**
	 * The typed view of a completed parse job's result. A result that Reducto delivered by URL (large results) is
	 * fetched from that URL, without the API key.
	 */
	Mono<ParseResult> parseResult(Job job);

	/** The typed view of a completed edit job's result: where to download the edited document. */
	Mono<EditResult> editResult(Job job);

	/** The typed view of a completed Studio pipeline job's result: each step's response. */
	Mono<PipelineResult> pipelineResult(Job job);

	/**
	 * These operations with per-call options (deadline, retries, extra headers) for the calls they make. Waits
	 * ({@code await}, {@code submitAndAwait}'s wait) go through the shared tracker, whose reads keep the client's
	 * settings; their deadline is the timeout they are given.
	 * @param options the options
	 * @return a view of these operations; closing it closes nothing
	 */
	default ReactiveJobOperations withOptions(RequestOptions options) {
		return new ReactiveJobOperationsWithOptions(this, options);
	}

	/**
	 * Releases what these operations created for themselves: with {@link ReductoClientBuilder#build()}, the tracker
	 * (pending waits end with {@code JobTrackingStoppedException}) and the connection pool; calls made afterwards
	 * fail. Operations over parts built elsewhere (the Spring Boot starter's) leave them to their owner. Twice is
	 * harmless.
	 */
	@Override
	void close();

	/** A builder for the HTTP-based implementation. */
	static ReductoClientBuilder builder() {
		return new ReductoClientBuilder();
	}

}
