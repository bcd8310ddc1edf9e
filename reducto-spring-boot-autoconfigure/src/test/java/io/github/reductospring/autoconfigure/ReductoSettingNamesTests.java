package io.github.reductospring.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.reductospring.client.retry.RetrySettings;
import io.github.reductospring.client.webhook.WebhookSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ReductoSettingNames}: the client's setting names become the properties a user sets.
 */
class ReductoSettingNamesTests {

	@Test
	void namesBecomeProperties() {
		assertThat(ReductoSettingNames.inPropertyTerms(
				"RetrySettings.maxDelay (PT1S) must not be shorter than RetrySettings.delay (PT2S)"))
			.isEqualTo("reducto.retry.max-delay (PT1S) must not be shorter than reducto.retry.delay (PT2S)");
		assertThat(ReductoSettingNames.inPropertyTerms("RateLimitSettings.jobReadsPerSecond must be positive"))
			.isEqualTo("reducto.rate-limit.job-reads-per-second must be positive");
	}

	@Test
	void renamedSettingsBecomeTheirProperties() {
		assertThat(ReductoSettingNames.inPropertyTerms("WebhookSettings.maxBodyBytes must be at least 1KB"))
			.isEqualTo("reducto.webhook.max-body-size must be at least 1KB");
		assertThat(ReductoSettingNames.inPropertyTerms("CleanupRequest.olderThan must be positive"))
			.isEqualTo("reducto.cleanup.retention must be positive");
		assertThat(ReductoSettingNames.inPropertyTerms("ReductoClientBuilder.maxResponseBytes must be at least 1024"))
			.isEqualTo("reducto.max-response-size must be at least 1024");
	}

	@Test
	void aRefusedSettingFailsWithThePropertyAndTheAction() {
		assertThatExceptionOfType(ReductoConfigurationException.class)
			.isThrownBy(() -> ReductoSettingNames.fromProperties(
					() -> RetrySettings.DEFAULTS.withDelays(Duration.ofSeconds(2), Duration.ofSeconds(1)), "Fix it."))
			.withMessageContaining("reducto.retry.max-delay")
			.withMessageNotContaining("RetrySettings")
			.satisfies((ex) -> assertThat(ex.getAction()).isEqualTo("Fix it."));
		assertThatExceptionOfType(ReductoConfigurationException.class)
			.isThrownBy(() -> ReductoSettingNames.fromProperties(() -> new WebhookSettings(WebhookSettings.Mode.SVIX,
					"not-a-secret", null, null, java.util.List.of(), 65536), "Fix it."))
			.withMessageContaining("reducto.webhook.signing-secret")
			.withMessageNotContaining("not-a-secret");
	}

}
