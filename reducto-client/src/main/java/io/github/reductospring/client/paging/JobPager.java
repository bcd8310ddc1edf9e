package io.github.reductospring.client.paging;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobPage;

/**
 * Walks {@code GET /jobs} page by page, driven by demand: the next page is requested only when the subscriber
 * wants more jobs than the current page holds, and the current page is dropped before the next one is fetched.
 * <p>
 * Reactor's {@code expand} and {@code concatMapIterable} prefetch pages ahead of demand, hence this small
 * drain loop.
 */
final class JobPager {

	private final FluxSink<Job> sink;

	private final Function<@Nullable String, Mono<JobPage>> fetch;

	private final AtomicInteger wip = new AtomicInteger();

	private volatile Iterator<Job> current = Collections.emptyIterator();

	private volatile @Nullable String nextCursor;

	private volatile boolean lastPage;

	private volatile boolean fetching;

	private volatile @Nullable Disposable inFlight;

	private JobPager(FluxSink<Job> sink, @Nullable String firstCursor, Function<@Nullable String, Mono<JobPage>> fetch) {
		this.sink = sink;
		this.nextCursor = firstCursor;
		this.fetch = fetch;
	}

	static Flux<Job> pages(@Nullable String firstCursor, Function<@Nullable String, Mono<JobPage>> fetch) {
		return Flux.create((sink) -> {
			JobPager pager = new JobPager(sink, firstCursor, fetch);
			sink.onRequest((n) -> pager.drain());
			sink.onDispose(pager::dispose);
		});
	}

	private void drain() {
		if (this.wip.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		do {
			if (this.sink.isCancelled()) {
				return;
			}
			// The in-flight flag first: a page answered after this read is seen below, or by the drain its answer
			// calls. Read after the page, the flag could say 'done' for a page this loop has not seen, and the next
			// fetch would drop it.
			boolean inFlight = this.fetching;
			Iterator<Job> page = this.current;
			while (this.sink.requestedFromDownstream() > 0 && page.hasNext()) {
				this.sink.next(page.next());
			}
			if (!page.hasNext() && !inFlight) {
				if (this.lastPage) {
					this.sink.complete();
					return;
				}
				if (this.sink.requestedFromDownstream() > 0) {
					fetchNext();
				}
			}
			missed = this.wip.addAndGet(-missed);
		}
		while (missed != 0);
	}

	private void fetchNext() {
		this.fetching = true;
		this.current = Collections.emptyIterator();
		String previous = this.nextCursor;
		// An empty answer ends the listing; no completion hook, since by then another fetch may be in flight.
		this.inFlight = this.fetch.apply(previous).defaultIfEmpty(new JobPage(List.of(), null)).subscribe((page) -> {
			this.lastPage = isLast(page, previous);
			if (!this.lastPage) {
				this.nextCursor = page.nextCursor();
			}
			this.current = page.jobs().iterator();
			this.fetching = false;
			drain();
		}, this.sink::error);
	}

	/** Whether a page, fetched at {@code previousCursor}, ends the listing: no cursor, or the same one again. */
	static boolean isLast(JobPage page, @Nullable String previousCursor) {
		return !page.hasNext() || Objects.equals(page.nextCursor(), previousCursor);
	}

	private void dispose() {
		Disposable disposable = this.inFlight;
		if (disposable != null) {
			disposable.dispose();
		}
	}

}
