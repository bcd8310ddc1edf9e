package io.github.reductospring.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.http.ReductoHttpPipeline;

/**
 * Makes the client (pipeline, its WebClient and connector, tracker, operations) once the application is ready, off the
 * startup path and on a background thread: startup does not wait for it, and the first call does not pay for it
 * unless it comes first. No request is sent. A failure is only logged (at debug): the first call makes what is
 * missing, and reports what fails then.
 */
final class ReductoWarmUp implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

	private static final Log logger = LogFactory.getLog(ReductoWarmUp.class);

	private final ObjectProvider<ReactiveJobOperations> operations;

	private final ObjectProvider<ReductoHttpPipeline> pipeline;

	private volatile @Nullable Disposable warming;

	ReductoWarmUp(ObjectProvider<ReactiveJobOperations> operations, ObjectProvider<ReductoHttpPipeline> pipeline) {
		this.operations = operations;
		this.pipeline = pipeline;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		this.warming = Mono.fromRunnable(() -> this.operations.getObject().tracker())
			.then(Mono.defer(() -> this.pipeline.getObject().warmUp()))
			.subscribeOn(Schedulers.boundedElastic())
			.subscribe(null, (failure) -> logger.debug("Warming the Reducto client up failed; the first call will "
					+ "make what is missing", failure));
	}

	@Override
	public void destroy() {
		Disposable running = this.warming;
		if (running != null) {
			running.dispose();
		}
	}

}
