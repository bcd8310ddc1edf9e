package io.github.reductospring.client.cleanup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.reductospring.client.model.Job;

/**
 * Streams the job list (one page held at a time, configurations excluded), selects ended jobs older than the
 * retention by their {@code created_at} and this machine's clock less a skew margin, and deletes them with bounded
 * concurrency. Keeps only counts and the first failures, so memory does not grow with the list. A job with no
 * creation time is never selected. Nothing is remembered between runs: an interrupted cleanup leaves the rest for the
 * next one.
 */
public final class JobCleanup {

	private JobCleanup() {
	}

	/**
	 * Runs a cleanup; nothing happens until the result is subscribed to.
	 * @param request what to delete
	 * @param allJobs every job, newest first, configurations excluded, streamed page by page
	 * @param deleteEnded deletes one job known to have ended
	 * @return the report
	 */
	public static Mono<CleanupReport> run(CleanupRequest request, Supplier<Flux<Job>> allJobs,
			Function<String, Mono<Void>> deleteEnded) {
		return Mono.defer(() -> {
			long started = System.nanoTime();
			Instant cutoff = Instant.now().minus(request.olderThan()).minus(request.clockSkewMargin());
			AtomicLong examined = new AtomicLong();
			AtomicLong selected = new AtomicLong();
			AtomicLong deleted = new AtomicLong();
			AtomicLong failed = new AtomicLong();
			ConcurrentLinkedQueue<CleanupReport.Failure> failures = new ConcurrentLinkedQueue<>();
			return allJobs.get()
				.doOnNext((job) -> examined.incrementAndGet())
				.filter((job) -> request.statuses().contains(job.status()) && job.createdAt() != null
						&& job.createdAt().isBefore(cutoff))
				.doOnNext((job) -> selected.incrementAndGet())
				.flatMap((job) -> request.dryRun() ? Mono.empty()
						: deleteEnded.apply(job.jobId()).doOnSuccess((done) -> deleted.incrementAndGet())
							.onErrorResume((error) -> {
								failed.incrementAndGet();
								if (failures.size() < CleanupReport.MAX_FAILURES_KEPT) {
									failures.add(new CleanupReport.Failure(job.jobId(), String.valueOf(error.getMessage())));
								}
								return Mono.empty();
							}), request.concurrency())
				.then(Mono.fromSupplier(() -> new CleanupReport(examined.get(), selected.get(), deleted.get(),
						failed.get(), List.copyOf(failures), request.dryRun(),
						Duration.ofNanos(System.nanoTime() - started))));
		});
	}

}
