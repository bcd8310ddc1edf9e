package io.github.reductospring.client.paging;

import java.util.Iterator;
import java.util.NoSuchElementException;
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
	 * Every job, page after page, for a blocking consumer: each page is fetched on the consumer's thread when the
	 * consumer has read the one before, and handed over whole (not job by job through a reactive queue); the walk
	 * stops where {@link #all} stops.
	 * @param firstCursor the cursor of the first page, {@code null} for the newest
	 * @param fetchPage fetches the page at a cursor ({@code null} for the first), blocking
	 * @return the jobs, in the list's order
	 */
	public static Stream<Job> blockingStream(@Nullable String firstCursor, Function<@Nullable String, JobPage> fetchPage) {
		Iterator<JobPage> pages = new Iterator<>() {

			private @Nullable String cursor = firstCursor;

			private boolean walked;

			@Override
			public boolean hasNext() {
				return !this.walked;
			}

			@Override
			public JobPage next() {
				if (this.walked) {
					throw new NoSuchElementException();
				}
				String previous = this.cursor;
				JobPage page = fetchPage.apply(previous);
				this.walked = JobPager.isLast(page, previous);
				this.cursor = page.nextCursor();
				return page;
			}

		};
		return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL),
				false)
			.flatMap((page) -> page.jobs().stream());
	}

}
