package io.github.reductospring.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.reductospring.client.error.JobTrackingStoppedException;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.emulator.JobScript;
import io.github.reductospring.emulator.ReductoEmulatorExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ReactiveJobOperations#deferred}, over real HTTP against the emulator.
 */
class DeferredJobOperationsTests {

	/** How long a test waits for a call at most. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	static ReductoEmulatorExtension reducto = new ReductoEmulatorExtension();

	private final AtomicInteger made = new AtomicInteger();

	private final List<ReactiveJobOperations> built = new ArrayList<>();

	@AfterEach
	void closeOperations() {
		this.built.forEach(ReactiveJobOperations::close);
	}

	private ReactiveJobOperations make() {
		this.made.incrementAndGet();
		ReactiveJobOperations operations = ReactiveJobOperations.builder()
			.baseUrl(reducto.emulator().baseUrl())
			.apiKey(reducto.emulator().apiKey())
			.build();
		this.built.add(operations);
		return operations;
	}

	@Test
	void theOperationsAreMadeOnTheFirstCallOnly() {
		String id = reducto.emulator().seedJob("Parse", JobScript.completesImmediately());
		ReactiveJobOperations deferred = ReactiveJobOperations.deferred(this::make);
		assertThat(this.made).hasValue(0);
		assertThat(deferred.toString()).contains("made on first use");
		assertThat(deferred.get(id).block(TIMEOUT).status()).isEqualTo(JobStatus.COMPLETED);
		assertThat(deferred.get(id).block(TIMEOUT).status()).isEqualTo(JobStatus.COMPLETED);
		assertThat(deferred.tracker()).isSameAs(this.built.get(0).tracker());
		assertThat(this.made).hasValue(1);
		deferred.close();
	}

	@Test
	void callsFromManyThreadsAtOnceMakeTheOperationsOnce() throws Exception {
		String id = reducto.emulator().seedJob("Parse", JobScript.completesImmediately());
		ReactiveJobOperations deferred = ReactiveJobOperations.deferred(this::make);
		ExecutorService threads = Executors.newFixedThreadPool(8);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<JobStatus>> calls = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			calls.add(threads.submit(() -> {
				go.await(30, TimeUnit.SECONDS);
				return deferred.get(id).block(TIMEOUT).status();
			}));
		}
		go.countDown();
		for (Future<JobStatus> call : calls) {
			assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(JobStatus.COMPLETED);
		}
		threads.shutdown();
		assertThat(this.made).hasValue(1);
		deferred.close();
	}

	@Test
	void closingBeforeAnyUseMakesNothingAndRefusesLaterCalls() {
		ReactiveJobOperations deferred = ReactiveJobOperations.deferred(this::make);
		deferred.close();
		assertThat(this.made).hasValue(0);
		assertThatIllegalStateException().isThrownBy(() -> deferred.get("job-1")).withMessageContaining("closed");
		assertThat(this.made).hasValue(0);
	}

	@Test
	void closingAfterUseClosesTheOperationsMade() {
		String id = reducto.emulator().seedJob("Parse", JobScript.staysPending());
		ReactiveJobOperations deferred = ReactiveJobOperations.deferred(this::make);
		var pending = deferred.await(id, Duration.ofMinutes(1)).cache();
		pending.subscribe((job) -> {
		}, (error) -> {
		});
		deferred.close();
		assertThatExceptionOfType(JobTrackingStoppedException.class)
			.isThrownBy(() -> pending.block(Duration.ofSeconds(5)));
	}

	@Test
	void aFailureToMakeTheOperationsReachesTheCallerAndTheNextCallTriesAgain() {
		String id = reducto.emulator().seedJob("Parse", JobScript.completesImmediately());
		AtomicInteger attempts = new AtomicInteger();
		ReactiveJobOperations deferred = ReactiveJobOperations.deferred(() -> {
			if (attempts.incrementAndGet() == 1) {
				throw new IllegalStateException("not yet");
			}
			return make();
		});
		assertThatIllegalStateException().isThrownBy(() -> deferred.get(id)).withMessage("not yet");
		assertThat(deferred.get(id).block(TIMEOUT).status()).isEqualTo(JobStatus.COMPLETED);
		assertThat(this.made).hasValue(1);
		deferred.close();
	}

}
