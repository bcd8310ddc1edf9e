package io.github.reductospring.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.github.reductospring.client.cleanup.CleanupReport;
import io.github.reductospring.client.cleanup.CleanupRequest;
import io.github.reductospring.client.error.ReductoException;
import io.github.reductospring.client.error.ReductoInterruptedException;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobPage;
import io.github.reductospring.client.http.RequestOptions;
import io.github.reductospring.client.model.EditResult;
import io.github.reductospring.client.model.ParseResult;
import io.github.reductospring.client.model.PipelineResult;
import io.github.reductospring.client.paging.JobPages;

/**
 * {@link JobOperations} that wait on {@link ReactiveJobOperations}. No timeouts here: every reactive call carries
 * its own deadline.
 */
final class BlockingJobOperations implements JobOperations {

	private final ReactiveJobOperations reactive;

	BlockingJobOperations(ReactiveJobOperations reactive) {
		this.reactive = Objects.requireNonNull(reactive, "reactive");
	}

	@Override
	public Job get(String jobId) {
		return await(this.reactive.get(jobId));
	}

	@Override
	public JobPage list(ListQuery query) {
		return await(this.reactive.list(query));
	}

	@Override
	public Stream<Job> listAll(ListQuery query) {
		refuseNonBlockingThread();
		// Page by page on this thread: handing 100,000 jobs over one by one cost a fifth of a listing's throughput.
		return JobPages.blockingStream(query.cursor(), (cursor) -> list(query.withCursor(cursor)));
	}

	@Override
	public Job cancel(String jobId) {
		return await(this.reactive.cancel(jobId));
	}

	@Override
	public void delete(String jobId, boolean cancelIfRunning) {
		block(this.reactive.delete(jobId, cancelIfRunning));
	}

	@Override
	public CleanupReport cleanup(CleanupRequest request) {
		return await(this.reactive.cleanup(request));
	}

	@Override
	public String submit(SubmitRequest request) {
		return await(this.reactive.submit(request));
	}

	@Override
	public Job submitAndAwait(SubmitRequest request, Duration timeout) {
		return await(this.reactive.submitAndAwait(request, timeout));
	}

	@Override
	public UploadedFile upload(Path file) {
		return await(this.reactive.upload(file));
	}

	@Override
	public UploadedFile upload(byte[] content, String filename) {
		return await(this.reactive.upload(content, filename));
	}

	@Override
	public Job await(String jobId, Duration timeout) {
		return await(this.reactive.await(jobId, timeout));
	}

	@Override
	public List<Job> awaitAll(Collection<String> jobIds, Duration timeout) {
		return await(this.reactive.awaitAll(jobIds, timeout));
	}

	@Override
	public URI configureWebhook() {
		return await(this.reactive.configureWebhook());
	}

	@Override
	public ParseResult parseResult(Job job) {
		return await(this.reactive.parseResult(job));
	}

	@Override
	public EditResult editResult(Job job) {
		return await(this.reactive.editResult(job));
	}

	@Override
	public PipelineResult pipelineResult(Job job) {
		return await(this.reactive.pipelineResult(job));
	}

	@Override
	public JobOperations withOptions(RequestOptions options) {
		return new BlockingJobOperations(this.reactive.withOptions(options));
	}

	private static <T> T await(Mono<T> mono) {
		T value = block(mono);
		if (value == null) {
			throw new IllegalStateException("Reducto call completed without a value");
		}
		return value;
	}

	private static void refuseNonBlockingThread() {
		if (Schedulers.isInNonBlockingThread()) {
			throw new IllegalStateException("JobOperations blocks, and " + Thread.currentThread().getName()
					+ " is a non-blocking thread (a WebFlux handler or a Reactor event loop): use ReactiveJobOperations "
					+ "there, and compose its Mono or Flux");
		}
	}

	/**
	 * Waits for the reactive call: refused at once on a thread that must not block, and an interrupt becomes a
	 * documented exception with the thread's flag set again (and the call cancelled). A Reducto failure is rethrown
	 * on this thread with this thread's stack (see {@link ReductoException#rethrownTo}), not Reactor's.
	 */
	private static <T> @Nullable T block(Mono<T> mono) {
		refuseNonBlockingThread();
		CompletableFuture<T> answer = mono.toFuture();
		try {
			return answer.get();
		}
		catch (InterruptedException interrupted) {
			answer.cancel(true);
			Thread.currentThread().interrupt();
			throw new ReductoInterruptedException("Waiting for Reducto was interrupted", interrupted);
		}
		catch (ExecutionException failed) {
			Throwable failure = failed.getCause();
			if (failure instanceof ReductoException reducto) {
				throw reducto.rethrownTo(new Throwable().getStackTrace());
			}
			throw Exceptions.propagate((failure != null) ? failure : failed);
		}
	}

}
