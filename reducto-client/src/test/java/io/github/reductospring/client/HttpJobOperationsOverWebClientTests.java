package io.github.reductospring.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

import io.github.reductospring.client.error.ReductoTimeoutException;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.retry.RetrySettings;
import io.github.reductospring.emulator.Fault;
import io.github.reductospring.emulator.JobScript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every test of {@link HttpJobOperationsTests} again, with the client's WebClient started from a builder handed in
 * (as the starter hands in Boot's) and customized, and what a customization of it is for.
 */
class HttpJobOperationsOverWebClientTests extends HttpJobOperationsTests {

	/** How long a test waits for a call at most. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Override
	ReductoClientBuilder newBuilder() {
		return ReactiveJobOperations.builder().webClientBuilder(WebClient.builder()).customizer((webClient) -> {
		});
	}

	/** A builder handed in keeps its connector, and that connector's read timeout: the client's does not reach it. */
	@Override
	@Test
	void slowAnswerTimesOutPerAttempt() {
		reducto.emulator().injectFault(Fault.delay(Duration.ofSeconds(3)));
		HttpClient impatientClient = HttpClient.create().responseTimeout(Duration.ofMillis(200));
		WebClient.Builder impatientConnector = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(impatientClient));
		try (ReactiveJobOperations impatient = ReactiveJobOperations.builder()
			.webClientBuilder(impatientConnector)
			.baseUrl(reducto.emulator().baseUrl())
			.apiKey(reducto.emulator().apiKey())
			.readTimeout(Duration.ofSeconds(30))
			.retry(RetrySettings.DEFAULTS.withEnabled(false))
			.build()) {
			assertThatExceptionOfType(ReductoTimeoutException.class)
				.isThrownBy(() -> impatient.get("x").block(TIMEOUT));
		}
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
