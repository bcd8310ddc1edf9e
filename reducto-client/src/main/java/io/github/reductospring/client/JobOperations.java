package io.github.reductospring.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

import io.github.reductospring.client.cleanup.CleanupReport;
import io.github.reductospring.client.cleanup.CleanupRequest;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobPage;
import io.github.reductospring.client.http.RequestOptions;
import io.github.reductospring.client.model.EditResult;
import io.github.reductospring.client.model.ParseResult;
import io.github.reductospring.client.model.PipelineResult;

/**
 * Reducto job operations for ordinary (blocking) code. Each method waits for its {@link ReactiveJobOperations}
 * counterpart, so both share one HTTP stack, retries and deadlines. Do not call these methods on a reactive
 * (event-loop) thread.
 */
public interface JobOperations {

	/** The job with this id; {@code JobNotFoundException} if there is none. */
	Job get(String jobId);

	/** One page of jobs, newest first. */
	JobPage list(ListQuery query);

	/**
	 * Every job, newest first, fetched page by page as the stream is consumed. Close the stream (or use
	 * try-with-resources) when stopping early.
	 */
	Stream<Job> listAll(ListQuery query);

	/** Cancels a pending or running job; see {@link ReactiveJobOperations#cancel(String)}. */
	Job cancel(String jobId);

	/** Deletes an ended job; {@code JobNotDeletableException} for a pending or running one; twice is harmless. */
	default void delete(String jobId) {
		delete(jobId, false);
	}

	/** Deletes a job, cancelling it first when {@code cancelIfRunning} and it has not ended. */
	void delete(String jobId, boolean cancelIfRunning);

	/** Deletes ended jobs older than a retention; see {@link ReactiveJobOperations#cleanup(CleanupRequest)}. */
	CleanupReport cleanup(CleanupRequest request);

	/** Submits a job; returns its id. */
	String submit(SubmitRequest request);

	/** Submits a job and waits until it ends or {@code timeout} passes ({@code JobTimeoutException}). */
	Job submitAndAwait(SubmitRequest request, Duration timeout);

	/** Uploads a local file for use as a job's input: up to 100 MB directly, up to 5 GB through a presigned URL. */
	UploadedFile upload(Path file);

	/** Uploads bytes under a file name for use as a job's input. */
	UploadedFile upload(byte[] content, String filename);

	/** Waits until the job ends or {@code timeout} passes ({@code JobTimeoutException}). */
	Job await(String jobId, Duration timeout);

	/**
	 * Waits for several jobs at once, refreshing them together. Returns them in the order given; a job that did not
	 * end in time is returned as last seen (not terminal).
	 */
	List<Job> awaitAll(Collection<String> jobIds, Duration timeout);

	/** The URL of Reducto's webhook portal (Svix) for this account. */
	URI configureWebhook();

	/** The typed view of a completed parse job's result. */
	ParseResult parseResult(Job job);

	/** The typed view of a completed edit job's result: where to download the edited document. */
	EditResult editResult(Job job);

	/** The typed view of a completed Studio pipeline job's result: each step's response. */
	PipelineResult pipelineResult(Job job);

	/**
	 * These operations with per-call options (deadline, retries, extra headers) for the calls they make; waits go
	 * through the shared tracker and keep the client's settings.
	 * @param options the options
	 * @return a view of these operations
	 */
	JobOperations withOptions(RequestOptions options);

	/** Blocking operations over the given reactive ones. */
	static JobOperations blocking(ReactiveJobOperations reactive) {
		return new BlockingJobOperations(reactive);
	}

}
