package io.github.reductospring.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import io.github.reductospring.client.cleanup.CleanupReport;
import io.github.reductospring.client.cleanup.CleanupRequest;
import io.github.reductospring.client.http.RequestOptions;
import io.github.reductospring.client.model.EditResult;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobPage;
import io.github.reductospring.client.model.ParseResult;
import io.github.reductospring.client.model.PipelineResult;
import io.github.reductospring.client.tracking.JobTracker;

/**
 * Operations whose calls carry {@link RequestOptions}: each call's Reactor context holds them, where the pipeline
 * reads them. Nothing else differs; closing the view closes nothing.
 */
final class ReactiveJobOperationsWithOptions implements ReactiveJobOperations {

	private final ReactiveJobOperations operations;

	private final RequestOptions options;

	ReactiveJobOperationsWithOptions(ReactiveJobOperations operations, RequestOptions options) {
		this.operations = operations;
		this.options = options;
	}

	private <T> Mono<T> with(Mono<T> call) {
		return call.contextWrite(this::put);
	}

	private <T> Flux<T> with(Flux<T> call) {
		return call.contextWrite(this::put);
	}

	private Context put(Context context) {
		RequestOptions outer = context.getOrDefault(RequestOptions.class, RequestOptions.none());
		return context.put(RequestOptions.class, outer.and(this.options));
	}

	@Override
	public ReactiveJobOperations withOptions(RequestOptions more) {
		return new ReactiveJobOperationsWithOptions(this.operations, this.options.and(more));
	}

	@Override
	public Mono<Job> get(String jobId) {
		return with(this.operations.get(jobId));
	}

	@Override
	public Mono<JobPage> list(ListQuery query) {
		return with(this.operations.list(query));
	}

	@Override
	public Flux<Job> listAll(ListQuery query) {
		return with(this.operations.listAll(query));
	}

	@Override
	public Mono<Job> cancel(String jobId) {
		return with(this.operations.cancel(jobId));
	}

	@Override
	public Mono<Void> delete(String jobId, boolean cancelIfRunning) {
		return with(this.operations.delete(jobId, cancelIfRunning));
	}

	@Override
	public Mono<CleanupReport> cleanup(CleanupRequest request) {
		return with(this.operations.cleanup(request));
	}

	@Override
	public Mono<String> submit(SubmitRequest request) {
		return with(this.operations.submit(request));
	}

	@Override
	public Mono<Job> submitAndAwait(SubmitRequest request, Duration timeout) {
		return with(this.operations.submitAndAwait(request, timeout));
	}

	@Override
	public Mono<UploadedFile> upload(Path file) {
		return with(this.operations.upload(file));
	}

	@Override
	public Mono<UploadedFile> upload(byte[] content, String filename) {
		return with(this.operations.upload(content, filename));
	}

	@Override
	public Mono<Job> await(String jobId, Duration timeout) {
		return with(this.operations.await(jobId, timeout));
	}

	@Override
	public Mono<List<Job>> awaitAll(Collection<String> jobIds, Duration timeout) {
		return with(this.operations.awaitAll(jobIds, timeout));
	}

	@Override
	public Mono<URI> configureWebhook() {
		return with(this.operations.configureWebhook());
	}

	@Override
	public JobTracker tracker() {
		return this.operations.tracker();
	}

	@Override
	public Mono<ParseResult> parseResult(Job job) {
		return with(this.operations.parseResult(job));
	}

	@Override
	public Mono<EditResult> editResult(Job job) {
		return with(this.operations.editResult(job));
	}

	@Override
	public Mono<PipelineResult> pipelineResult(Job job) {
		return with(this.operations.pipelineResult(job));
	}

	@Override
	public void close() {
		// A view: the operations it wraps belong to whoever built them.
	}

	@Override
	public String toString() {
		return "ReactiveJobOperations with " + this.options;
	}

}
