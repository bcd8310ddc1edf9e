package io.github.reductospring.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.retry.RetrySettings;
import io.github.reductospring.emulator.Fault;
import io.github.reductospring.emulator.JobScript;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every test of {@link HttpJobOperationsTests} again, with calls sent through a WebClient (as they are when the
 * application customizes the client's WebClient), and what a customization of it is for.
 */
class HttpJobOperationsOverWebClientTests extends HttpJobOperationsTests {

	/** How long a test waits for a call at most. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Override
	ReductoClientBuilder newBuilder() {
		return ReactiveJobOperations.builder().customizer((webClient) -> {
		});
	}

	@Test
	void aFilterOfTheCustomizedWebClientSeesEveryAttemptWithItsHeaders() {
		String id = reducto.emulator().seedJob("Parse", JobScript.completesImmediately());
		reducto.emulator().injectFault(Fault.status(503).on("GET", "/job/"));
		List<String> seen = new CopyOnWriteArrayList<>();
		try (ReactiveJobOperations operations = ReactiveJobOperations.builder()
			.baseUrl(reducto.emulator().baseUrl())
			.apiKey(reducto.emulator().apiKey())
			.retry(RetrySettings.DEFAULTS.withDelays(Duration.ofMillis(20), Duration.ofMillis(100)))
			.customizer((webClient) -> webClient.filter(ExchangeFilterFunction.ofRequestProcessor((request) -> {
				seen.add(request.method() + " " + request.url().getPath() + " "
						+ request.headers().getFirst("User-Agent"));
				return reactor.core.publisher.Mono.just(request);
			})).defaultHeader("X-Team", "invoices"))
			.build()) {
			assertThat(operations.get(id).block(TIMEOUT).status()).isEqualTo(JobStatus.COMPLETED);
		}
		assertThat(seen).hasSize(2).allSatisfy((line) -> assertThat(line)
			.startsWith("GET /job/" + id + " reducto-spring-boot/"));
		assertThat(reducto.emulator().requests()).hasSize(2)
			.allSatisfy((request) -> assertThat(request.header("X-Team")).isEqualTo("invoices"));
	}

}
