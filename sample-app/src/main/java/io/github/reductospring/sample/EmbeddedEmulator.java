package io.github.reductospring.sample;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.reductospring.autoconfigure.ReductoConnectionDetails;
import io.github.reductospring.emulator.JobScript;
import io.github.reductospring.emulator.ReductoEmulator;

/**
 * Starts the Reducto emulator in the sample's own process and hands its address to the starter as
 * {@link ReductoConnectionDetails}, the way a test container would. The jobs it will run are scripted so that the
 * sample shows each ending: two complete, one fails, one runs until the sample cancels it.
 */
final class EmbeddedEmulator implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static boolean isWanted(String[] args) {
		String key = System.getenv("REDUCTO_API_KEY");
		boolean keyInArgs = Arrays.stream(args).anyMatch((arg) -> arg.startsWith("--reducto.api-key="));
		return (key == null || key.isBlank()) && !keyInArgs;
	}

	/** Two jobs that complete, one that fails, one that runs until cancelled. */
	static void scriptSampleJobs(ReductoEmulator emulator) {
		emulator.scriptNextJobs(JobScript.completesAfter(Duration.ofMillis(200), Duration.ofMillis(900)).withPages(3),
				JobScript.completesAfter(Duration.ofMillis(300), Duration.ofMillis(1500)).withPages(12),
				JobScript.failsAfter(Duration.ofMillis(200), Duration.ofMillis(600), "Document is password protected"),
				JobScript.runsForever(Duration.ofMillis(100)));
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		if (Boolean.getBoolean("spring.aot.processing")) {
			// The build processes the context ahead of time: no emulator to start, no job to run.
			return;
		}
		ReductoEmulator emulator = ReductoEmulator.builder().build().start();
		scriptSampleJobs(emulator);
		context.getBeanFactory().registerSingleton("reductoEmulator", emulator);
		context.getBeanFactory().registerSingleton("reductoConnectionDetails", new ReductoConnectionDetails() {
			@Override
			public URI getBaseUrl() {
				return emulator.baseUrl();
			}

			@Override
			public String getApiKey() {
				return emulator.apiKey();
			}
		});
		System.out.println("No REDUCTO_API_KEY set: using the embedded Reducto emulator at " + emulator.baseUrl());
	}

}
