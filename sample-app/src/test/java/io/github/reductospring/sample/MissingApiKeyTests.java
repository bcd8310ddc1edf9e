package io.github.reductospring.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * An application started without an API key stops with Spring Boot's failure report, saying what to set.
 */
@ExtendWith(OutputCaptureExtension.class)
class MissingApiKeyTests {

	@Test
	void startupFailsWithAnAnalysisNamingThePropertyAndTheVariable(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(SampleApplication.class)
			.web(WebApplicationType.NONE)
			.run("--sample.run-on-startup=false"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The Reducto client is not configured correctly: no API key is configured")
			.contains("Set the property reducto.api-key, or the environment variable REDUCTO_API_KEY");
	}

}
