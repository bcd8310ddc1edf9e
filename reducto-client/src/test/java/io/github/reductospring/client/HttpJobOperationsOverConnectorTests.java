package io.github.reductospring.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.http.client.reactive.JdkClientHttpConnector;

import io.github.reductospring.client.error.ReductoTimeoutException;
import io.github.reductospring.client.retry.RetrySettings;
import io.github.reductospring.emulator.Fault;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every test of {@link HttpJobOperationsTests} again, with calls sent over a Spring connector that is not Reactor
 * Netty's: the JDK's HTTP client, as when Boot is set to it.
 */
class HttpJobOperationsOverConnectorTests extends HttpJobOperationsTests {

	/** How long a test waits for a call at most. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Override
	ReductoClientBuilder newBuilder() {
		return ReactiveJobOperations.builder().clientConnectorFactory((pool) -> new JdkClientHttpConnector());
	}

	/** A connector's read timeout is its own: the builder's does not reach it. */
	@Override
	@Test
	void slowAnswerTimesOutPerAttempt() {
		reducto.emulator().injectFault(Fault.delay(Duration.ofSeconds(3)));
		JdkClientHttpConnector connector = new JdkClientHttpConnector();
		connector.setReadTimeout(Duration.ofMillis(200));
		try (ReactiveJobOperations impatient = ReactiveJobOperations.builder()
			.clientConnector(connector)
			.baseUrl(reducto.emulator().baseUrl())
			.apiKey(reducto.emulator().apiKey())
			.retry(RetrySettings.DEFAULTS.withEnabled(false))
			.build()) {
			assertThatExceptionOfType(ReductoTimeoutException.class)
				.isThrownBy(() -> impatient.get("x").block(TIMEOUT));
		}
	}

}
