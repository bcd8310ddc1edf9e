package io.github.reductospring.emulator;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RandomFaults}.
 */
class RandomFaultsTests {

	@Test
	void sharesOfOneAndZeroAreAlwaysAndNever() {
		assertThat(new RandomFaults(1, 0, 0, Duration.ZERO).pick("/jobs").status()).isEqualTo(503);
		assertThat(new RandomFaults(0, 1, 0, Duration.ZERO).pick("/jobs").status()).isEqualTo(429);
		assertThat(new RandomFaults(0, 0, 1, Duration.ofMillis(5)).pick("/jobs").kind()).isEqualTo(Fault.Kind.DELAY);
		assertThat(RandomFaults.NONE.pick("/jobs")).isNull();
		assertThat(new RandomFaults(0, 0, 0, Duration.ZERO, 1).pick("/jobs").kind()).isEqualTo(Fault.Kind.DISCONNECT);
		// A 429 names the limit it is about: job reads' on GET /job/{id}, all requests' elsewhere.
		assertThat(new RandomFaults(0, 1, 0, Duration.ZERO).pick("/job/abc").body()).contains("[CODE 2000]");
		assertThat(new RandomFaults(0, 1, 0, Duration.ZERO).pick("/jobs").body()).contains("[CODE 1000]");
	}

	@Test
	void aShareOutsideZeroToOneIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RandomFaults(1.5, 0, 0, Duration.ZERO));
	}

	@Test
	void standaloneApiAnswersWithTheRandomFault() throws Exception {
		try (ReductoEmulator emulator = ReductoEmulator.builder().build().start()) {
			emulator.randomFaults(new RandomFaults(1, 0, 0, Duration.ZERO));
			var response = java.net.http.HttpClient.newHttpClient()
				.send(java.net.http.HttpRequest.newBuilder(emulator.baseUrl().resolve("/jobs"))
					.header("Authorization", "Bearer " + emulator.apiKey())
					.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(503);
			var ready = java.net.http.HttpClient.newHttpClient()
				.send(java.net.http.HttpRequest.newBuilder(emulator.baseUrl().resolve("/_emulator/ready")).build(),
						java.net.http.HttpResponse.BodyHandlers.ofString());
			assertThat(ready.statusCode()).isEqualTo(200);
		}
	}

}
