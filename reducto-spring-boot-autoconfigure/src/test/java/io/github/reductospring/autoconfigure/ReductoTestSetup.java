package io.github.reductospring.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import io.github.reductospring.emulator.ReductoEmulator;

/**
 * What the auto-configuration tests share: Boot's HTTP client and WebClient auto-configurations with ours, and the
 * properties that point the client at an emulator.
 */
public final class ReductoTestSetup {

	private ReductoTestSetup() {
	}

	/** Boot's HTTP client and WebClient auto-configurations, {@link ReductoAutoConfiguration}, then {@code more}. */
	public static AutoConfigurations reductoWith(Class<?>... more) {
		List<Class<?>> configurations = new ArrayList<>(List.of(HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class,
				ReductoAutoConfiguration.class));
		configurations.addAll(List.of(more));
		return AutoConfigurations.of(configurations.toArray(Class<?>[]::new));
	}

	/** {@code reducto.base-url} and {@code reducto.api-key} of the emulator. */
	public static String[] emulatorProperties(ReductoEmulator emulator) {
		return new String[] { "reducto.base-url=" + emulator.baseUrl(), "reducto.api-key=" + emulator.apiKey() };
	}

}
