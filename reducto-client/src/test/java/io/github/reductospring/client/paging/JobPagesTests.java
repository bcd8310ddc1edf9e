package io.github.reductospring.client.paging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobPage;
import io.github.reductospring.client.model.JobStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JobPages}: every job of every page reaches the consumer, once and in order, whatever the
 * threads that answer pages and ask for more.
 */
class JobPagesTests {

	/** How long a test waits for a call at most. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int PAGES = 12;

	private static final int PAGE_SIZE = 25;

	/** Pages answered on other threads, at random moments, so that answers race with the consumer's requests. */
	private static Mono<JobPage> page(@Nullable String cursor) {
		int index = (cursor != null) ? Integer.parseInt(cursor) : 0;
		List<Job> jobs = IntStream.range(0, PAGE_SIZE)
			.mapToObj((i) -> job("job-" + (index * PAGE_SIZE + i)))
			.toList();
		String next = (index + 1 < PAGES) ? Integer.toString(index + 1) : null;
		Mono<JobPage> answer = Mono.fromSupplier(() -> new JobPage(jobs, next));
		int delayMicros = ThreadLocalRandom.current().nextInt(0, 200);
		return (delayMicros < 50) ? answer.subscribeOn(Schedulers.parallel())
				: answer.delaySubscription(Duration.ofNanos(delayMicros * 1000L), Schedulers.parallel());
	}

	private static Job job(String id) {
		return new Job(id, JobStatus.COMPLETED, "Completed", null, null, null, null, null, null, null, null, null,
				null);
	}

	private static List<String> expected() {
		return IntStream.range(0, PAGES * PAGE_SIZE).mapToObj((i) -> "job-" + i).toList();
	}

	@Test
	void everyJobReachesFastAndSlowConsumersOnceAndInOrder() {
		for (int round = 0; round < 10; round++) {
			manyConsumersAtOnce();
		}
	}

	private void manyConsumersAtOnce() {
		List<Mono<List<String>>> consumers = new ArrayList<>();
		for (int i = 0; i < 64; i++) {
			int batch = 1 + ThreadLocalRandom.current().nextInt(PAGE_SIZE * 2);
			boolean slow = (i % 2 == 0);
			Flux<Job> jobs = JobPages.all(null, JobPagesTests::page);
			Flux<String> consumed = jobs.limitRate(batch)
				.publishOn(slow ? Schedulers.boundedElastic() : Schedulers.parallel(), batch)
				.map(Job::jobId);
			consumers.add(consumed.collectList());
		}
		List<List<String>> results = Flux.merge(Flux.fromIterable(consumers), 64).collectList().block(Duration.ofSeconds(60));
		assertThat(results).hasSize(64).allSatisfy((ids) -> assertThat(ids).containsExactlyElementsOf(expected()));
	}

	@Test
	void aConsumerThatTakesOneJobAtATimeGetsThemAll() {
		for (int round = 0; round < 20; round++) {
			List<String> ids = JobPages.all(null, JobPagesTests::page)
				.limitRate(1)
				.publishOn(Schedulers.parallel(), 1)
				.map(Job::jobId)
				.collectList()
				.block(TIMEOUT);
			assertThat(ids).containsExactlyElementsOf(expected());
		}
	}

	@Test
	void theBlockingStreamGetsEveryJob() {
		try (var stream = JobPages.blockingStream(null, (cursor) -> page(cursor).block(TIMEOUT))) {
			assertThat(stream.map(Job::jobId).toList()).containsExactlyElementsOf(expected());
		}
	}

	@Test
	void theBlockingStreamFetchesAPageOnlyWhenTheOneBeforeHasBeenRead() {
		List<@Nullable String> fetched = new ArrayList<>();
		try (var stream = JobPages.blockingStream(null, (cursor) -> {
			fetched.add(cursor);
			return page(cursor).block(TIMEOUT);
		})) {
			assertThat(stream.limit(PAGE_SIZE + 1).count()).isEqualTo(PAGE_SIZE + 1);
		}
		assertThat(fetched).containsExactly(null, "1");
	}

}
