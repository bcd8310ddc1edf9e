package io.github.reductospring.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import reactor.netty.http.client.HttpClient;

import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.ReductoClientBuilder;
import io.github.reductospring.client.tracking.PollingSettings;
import io.github.reductospring.client.tracking.TrackingSettings;

/**
 * The client's parts set up from the {@code reducto.*} properties: its settings, checked at startup (a refused one
 * fails it, naming the property), and how it connects, set up with the pipeline on the first call. Apart from
 * {@link ReductoAutoConfiguration} so that startup loads what the check needs and nothing of the connectors.
 */
final class ReductoClientSetup {

	private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

	private ReductoClientSetup() {
	}

	/** A client builder with the API key and every setting from the properties; how it connects is not set yet. */
	static ReductoClientBuilder settings(ReductoProperties properties, ReductoConnectionDetails connection) {
		String apiKey = connection.getApiKey();
		if (!StringUtils.hasText(apiKey)) {
			throw new ReductoConfigurationException("no API key is configured",
					"Set the property reducto.api-key, or the environment variable REDUCTO_API_KEY, to your "
							+ "Reducto API key (Reducto Studio > API keys). For tests, point reducto.base-url at "
							+ "the reducto-emulator.");
		}
		return ReductoSettingNames.fromProperties(() -> ReactiveJobOperations.builder()
			.connectionPool(properties.getHttp().toSettings())
			.baseUrl(connection.getBaseUrl())
			.apiKey(apiKey)
			.retry(properties.getRetry().toSettings())
			.rateLimit(properties.getRateLimit().toSettings())
			.maxResponseBytes((int) Math.min(Integer.MAX_VALUE, properties.getMaxResponseSize().toBytes())),
				ReductoSettingNames.CORRECT_PROPERTY);
	}

	/** The tracker's settings from the properties; its application id defaults to {@code spring.application.name}. */
	static TrackingSettings tracking(ReductoProperties properties, boolean webhooksExpected, Environment environment) {
		String applicationName = environment.getProperty("spring.application.name");
		return ReductoSettingNames.fromProperties(
				() -> properties.getTracking().toSettings(webhooksExpected, applicationName),
				ReductoSettingNames.CORRECT_PROPERTY);
	}

	/** How {@code await} polls, from the properties. */
	static PollingSettings polling(ReductoProperties properties) {
		return ReductoSettingNames.fromProperties(() -> properties.getPolling().toSettings(),
				ReductoSettingNames.CORRECT_PROPERTY);
	}

	/**
	 * How the client connects, built on its first call with this client's timeouts, keeping Boot's connector choice,
	 * SSL settings and connector customizations, over the client's own pool rather than the one the application's
	 * other WebClients share.
	 */
	static ReductoClientBuilder connection(ReductoClientBuilder client, ReductoProperties properties,
			ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
			ObjectProvider<HttpClientSettings> httpClientSettings) {
		HttpClientSettings settings = httpClientSettings.getIfAvailable(HttpClientSettings::defaults);
		Duration connect = firstNonNull(properties.getConnectTimeout(), settings.connectTimeout(),
				DEFAULT_CONNECT_TIMEOUT);
		Duration read = firstNonNull(properties.getReadTimeout(), settings.readTimeout(), DEFAULT_READ_TIMEOUT);
		ClientHttpConnectorBuilder<?> builder = connectorBuilder
			.getIfAvailable(() -> ClientHttpConnectorBuilder.detect(ReductoClientSetup.class.getClassLoader()));
		HttpClientSettings withTimeouts = settings.withTimeouts(connect, read);
		if (builder instanceof ReactorClientHttpConnectorBuilder reactor) {
			// Over the client's own pool (reducto.http.max-connections), which it closes with itself.
			return client.clientConnectorFactory(
					(pool) -> reactor.withHttpClientFactory(() -> HttpClient.create(pool)).build(withTimeouts));
		}
		return client.clientConnectorFactory((pool) -> builder.build(withTimeouts));
	}

	private static Duration firstNonNull(@Nullable Duration first, @Nullable Duration second, Duration fallback) {
		return (first != null) ? first : (second != null) ? second : fallback;
	}

}
