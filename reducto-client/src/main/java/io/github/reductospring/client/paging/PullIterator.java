package io.github.reductospring.client.paging;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.LinkedBlockingQueue;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.Exceptions;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

import io.github.reductospring.client.error.ReductoException;
import io.github.reductospring.client.error.ReductoInterruptedException;

/**
 * A blocking iterator over a {@link Flux} that requests one element only when {@link #hasNext()} needs one, so a
 * lazy source does no work ahead of its consumer (unlike {@code Flux.toIterable}, which prefetches).
 */
final class PullIterator<T> implements Iterator<T>, AutoCloseable {

	private static final Object COMPLETE = new Object();

	private final LinkedBlockingQueue<Object> signals = new LinkedBlockingQueue<>();

	private final Subscriber subscriber = new Subscriber();

	private @Nullable Object next;

	private boolean subscribed;

	private boolean done;

	private final Flux<T> source;

	PullIterator(Flux<T> source) {
		this.source = source;
	}

	@Override
	public boolean hasNext() {
		if (this.next != null) {
			return true;
		}
		if (this.done) {
			return false;
		}
		if (!this.subscribed) {
			this.subscribed = true;
			this.source.subscribe(this.subscriber);
		}
		this.subscriber.requestOne();
		Object signal;
		try {
			signal = this.signals.take();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			close();
			throw new ReductoInterruptedException("Waiting for the next job was interrupted", ex);
		}
		if (signal == COMPLETE) {
			this.done = true;
			return false;
		}
		if (signal instanceof Failure failure) {
			this.done = true;
			if (failure.error() instanceof ReductoException reducto) {
				// On the consumer's thread, with its stack, as JobOperations' other calls throw.
				throw reducto.rethrownTo(new Throwable().getStackTrace());
			}
			throw Exceptions.propagate(failure.error());
		}
		this.next = signal;
		return true;
	}

	@Override
	@SuppressWarnings("unchecked")
	public T next() {
		if (!hasNext()) {
			throw new NoSuchElementException();
		}
		T value = (T) this.next;
		this.next = null;
		return value;
	}

	@Override
	public void close() {
		this.done = true;
		this.subscriber.dispose();
	}

	private record Failure(Throwable error) {
	}

	private final class Subscriber extends BaseSubscriber<T> {

		private boolean requestedBeforeSubscription;

		synchronized void requestOne() {
			if (upstream() != null) {
				request(1);
			}
			else {
				this.requestedBeforeSubscription = true;
			}
		}

		@Override
		protected synchronized void hookOnSubscribe(Subscription subscription) {
			// Nothing is requested until the consumer asks.
			if (this.requestedBeforeSubscription) {
				subscription.request(1);
			}
		}

		@Override
		protected void hookOnNext(T value) {
			PullIterator.this.signals.add(value);
		}

		@Override
		protected void hookOnComplete() {
			PullIterator.this.signals.add(COMPLETE);
		}

		@Override
		protected void hookOnError(Throwable throwable) {
			PullIterator.this.signals.add(new Failure(throwable));
		}

	}

}
