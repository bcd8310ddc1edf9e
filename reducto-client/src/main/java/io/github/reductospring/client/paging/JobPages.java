package io.github.reductospring.client.paging;

import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobPage;

/**
 * Walks a cursor-paged job list driven by demand: a page is fetched only when the consumer wants more jobs than
 * the previous page held, and only one page is held at a time; the walk stops on a null, empty or repeated cursor.
 * {@code listAll} of both operations is built on it.
 */
public final class JobPages {

	private JobPages() {
	}

	/**
	 * Every job, page after page, lazily.
	 * @param firstCursor the cursor of the first page, {@code null} for the newest
	 * @param fetchPage fetches the page at a cursor ({@code null} for the first)
	 * @return the jobs, in the list's order
	 */
	public static Flux<Job> all(@Nullable String firstCursor, Function<@Nullable String, Mono<JobPage>> fetchPage) {
		return JobPager.pages(firstCursor, fetchPage);
	}

	/**
	 * A blocking stream over a flux that requests one element only when the stream needs one, so that a lazy
	 * source does no work ahead of its consumer. Close the stream when stopping early.
	 * @param <T> the elements
	 * @param source the flux
	 * @return the stream
	 */
	public static <T> Stream<T> blockingStream(Flux<T> source) {
		PullIterator<T> iterator = new PullIterator<>(source);
		return StreamSupport
			.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED | Spliterator.NONNULL), false)
			.onClose(iterator::close);
	}

}
