package io.github.reductospring.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

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
 * Operations made on first use: an application pays for loading the client's classes (most of what the starter
 * added to startup) when it first calls, not while its context starts. Closing them before any use closes nothing.
 */
final class DeferredJobOperations implements ReactiveJobOperations {

	private final Supplier<? extends ReactiveJobOperations> factory;

	private final Object lock = new Object();

	private volatile @Nullable ReactiveJobOperations operations;

	private boolean closed;

	DeferredJobOperations(Supplier<? extends ReactiveJobOperations> factory) {
		this.factory = factory;
	}

	private ReactiveJobOperations operations() {
		ReactiveJobOperations made = this.operations;
		if (made != null) {
			return made;
		}
		synchronized (this.lock) {
			made = this.operations;
			if (made == null) {
				if (this.closed) {
					throw new IllegalStateException("These job operations are closed");
				}
				made = this.factory.get();
				this.operations = made;
			}
			return made;
		}
	}

	@Override
	public Mono<Job> get(String jobId) {
		return operations().get(jobId);
	}

	@Override
	public Mono<JobPage> list(ListQuery query) {
		return operations().list(query);
	}

	@Override
	public Flux<Job> listAll(ListQuery query) {
		return operations().listAll(query);
	}

	@Override
	public Mono<Job> cancel(String jobId) {
		return operations().cancel(jobId);
	}

	@Override
	public Mono<Void> delete(String jobId, boolean cancelIfRunning) {
		return operations().delete(jobId, cancelIfRunning);
	}

	@Override
	public Mono<CleanupReport> cleanup(CleanupRequest request) {
		return operations().cleanup(request);
	}

	@Override
	public Mono<String> submit(SubmitRequest request) {
		return operations().submit(request);
	}

	@Override
	public Mono<Job> submitAndAwait(SubmitRequest request, Duration timeout) {
		return operations().submitAndAwait(request, timeout);
	}

	@Override
	public Mono<UploadedFile> upload(Path file) {
		return operations().upload(file);
	}

	@Override
	public Mono<UploadedFile> upload(byte[] content, String filename) {
		return operations().upload(content, filename);
	}

	@Override
	public Mono<Job> await(String jobId, Duration timeout) {
		return operations().await(jobId, timeout);
	}

	@Override
	public Mono<URI> configureWebhook() {
		return operations().configureWebhook();
	}

	@Override
	public JobTracker tracker() {
		return operations().tracker();
	}

	@Override
	public Mono<ParseResult> parseResult(Job job) {
		return operations().parseResult(job);
	}

	@Override
	public Mono<EditResult> editResult(Job job) {
		return operations().editResult(job);
	}

	@Override
	public Mono<PipelineResult> pipelineResult(Job job) {
		return operations().pipelineResult(job);
	}

	@Override
	public ReactiveJobOperations withOptions(RequestOptions options) {
		return operations().withOptions(options);
	}

	@Override
	public void close() {
		ReactiveJobOperations made;
		synchronized (this.lock) {
			this.closed = true;
			made = this.operations;
		}
		if (made != null) {
			made.close();
		}
	}

	@Override
	public String toString() {
		ReactiveJobOperations made = this.operations;
		return (made != null) ? made.toString() : "ReactiveJobOperations (made on first use)";
	}

}
