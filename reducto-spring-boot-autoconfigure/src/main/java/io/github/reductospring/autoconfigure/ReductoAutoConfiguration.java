package io.github.reductospring.autoconfigure;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.reductospring.client.JobOperations;
import io.github.reductospring.client.JobTracker;
import io.github.reductospring.client.RateLimitSettings;
import io.github.reductospring.client.TrackingSettings;
import io.github.reductospring.client.PollingSettings;
import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.ReductoCallObserver;
import io.github.reductospring.client.ReductoClientBuilder;
import io.github.reductospring.client.retry.RetrySettings;
import io.github.reductospring.client.webhook.WebhookMode;
import io.github.reductospring.client.webhook.WebhookSettings;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the Reducto client: {@link ReactiveJobOperations} and
 * {@link JobOperations} over a WebClient built from Boot's {@link WebClient.Builder}, so that Boot's codecs,
 * observations and {@code spring.http.clients.*} settings apply, plus any {@link ReductoWebClientCustomizer}.
 * <p>
 * No request is made at startup. A missing API key fails startup with a failure analysis.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration",
		"org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration",
		"org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration" })
@ConditionalOnClass({ WebClient.class, ClientHttpConnectorBuilder.class, ReactiveJobOperations.class })
@EnableConfigurationProperties(ReductoProperties.class)
public final class ReductoAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ReductoAutoConfiguration.class);

	private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

	@Bean
	@ConditionalOnMissingBean(ReductoConnectionDetails.class)
	PropertiesReductoConnectionDetails reductoConnectionDetails(ReductoProperties properties) {
		return new PropertiesReductoConnectionDetails(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	ReactiveJobOperations reactiveJobOperations(ReductoProperties properties, ReductoConnectionDetails connection,
			ObjectProvider<WebClient.Builder> webClientBuilder, ObjectProvider<ReductoWebClientCustomizer> customizers,
			ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
			ObjectProvider<HttpClientSettings> httpClientSettings, ObjectProvider<WebhookSettings> webhookSettings,
			ObjectProvider<ReductoCallObserver> observer) {
		WebhookSettings webhook = webhookSettings.getIfAvailable();
		boolean webhooksEnabled = webhook != null;
		String apiKey = connection.getApiKey();
		if (!StringUtils.hasText(apiKey)) {
			throw new ReductoConfigurationException("no API key is configured",
					"Set the property reducto.api-key, or the environment variable REDUCTO_API_KEY, to your Reducto "
							+ "API key (Reducto Studio > API keys). For tests, point reducto.base-url at the "
							+ "reducto-emulator.");
		}
		ReductoClientBuilder builder = ReactiveJobOperations.builder()
			.webClientBuilder(webClientBuilder.getIfAvailable(WebClient::builder))
			.clientConnector(connector(properties, connectorBuilder, httpClientSettings))
			.baseUrl(connection.getBaseUrl())
			.apiKey(apiKey);
		try {
			builder.retry(retrySettings(properties.getRetry()))
				.polling(pollingSettings(properties.getPolling()))
				.tracking(trackingSettings(properties.getTracking(), webhooksEnabled))
				.rateLimit(new RateLimitSettings(properties.getRateLimit().isEnabled(),
						properties.getRateLimit().getRequestsPerSecond(),
						properties.getRateLimit().getJobReadsPerSecond()))
				.maxResponseBytes((int) Math.min(Integer.MAX_VALUE, properties.getMaxResponseSize().toBytes()))
				.webhook(webhook)
				.observer(observer.getIfAvailable(() -> ReductoCallObserver.NOOP));
		}
		catch (IllegalArgumentException ex) {
			throw new ReductoConfigurationException(ex.getMessage(), "Correct the reducto.* property named above.", ex);
		}
		customizers.orderedStream().forEach((customizer) -> builder.customizer(customizer::customize));
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	JobOperations jobOperations(ReactiveJobOperations reactiveJobOperations) {
		return JobOperations.blocking(reactiveJobOperations);
	}

	@Bean
	@ConditionalOnMissingBean
	JobTracker jobTracker(ReactiveJobOperations reactiveJobOperations) {
		return reactiveJobOperations.tracker();
	}

	@Bean
	@ConditionalOnMissingBean
	JobTrackerLifecycle jobTrackerLifecycle(JobTracker jobTracker, ReductoProperties properties,
			ApplicationEventPublisher publisher) {
		return new JobTrackerLifecycle(jobTracker, properties.getTracking().isPublishEvents() ? publisher : null);
	}

	/** A connector with this client's timeouts, keeping Boot's connector choice and SSL settings. */
	private static ClientHttpConnector connector(ReductoProperties properties,
			ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
			ObjectProvider<HttpClientSettings> httpClientSettings) {
		HttpClientSettings settings = httpClientSettings.getIfAvailable(HttpClientSettings::defaults);
		Duration connect = firstNonNull(properties.getConnectTimeout(), settings.connectTimeout(),
				DEFAULT_CONNECT_TIMEOUT);
		Duration read = firstNonNull(properties.getReadTimeout(), settings.readTimeout(), DEFAULT_READ_TIMEOUT);
		ClientHttpConnectorBuilder<?> builder = connectorBuilder
			.getIfAvailable(() -> ClientHttpConnectorBuilder.detect(ReductoAutoConfiguration.class.getClassLoader()));
		return builder.build(settings.withTimeouts(connect, read));
	}

	private static RetrySettings retrySettings(ReductoProperties.Retry retry) {
		return new RetrySettings(retry.isEnabled(), retry.getMaxRetries(), retry.getDelay(), retry.getMultiplier(),
				retry.getMaxDelay(), retry.getJitter(), retry.getMaxRetryAfter(), retry.getCallTimeout());
	}

	/** The webhook settings, shared by submissions and the receiver; a direct-mode token is generated if unset. */
	@Bean
	@ConditionalOnBooleanProperty("reducto.webhook.enabled")
	@ConditionalOnMissingBean
	WebhookSettings reductoWebhookSettings(ReductoProperties properties) {
		ReductoProperties.Webhook webhook = properties.getWebhook();
		String token = webhook.getDirectToken();
		if (webhook.getMode() == WebhookMode.DIRECT && (token == null || token.isBlank())) {
			token = java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID();
			logger.warn("reducto.webhook.direct-token is not set: using a token generated at startup, so deliveries "
					+ "for jobs submitted before a restart will be refused. Set it to keep deliveries across restarts.");
		}
		try {
			return new WebhookSettings(webhook.getMode(), webhook.getSigningSecret(), token, webhook.getUrl(),
					webhook.getChannels(), (int) Math.min(Integer.MAX_VALUE, webhook.getMaxBodySize().toBytes()));
		}
		catch (IllegalArgumentException ex) {
			throw new ReductoConfigurationException(ex.getMessage(),
					"Set the reducto.webhook.* property named above, or set reducto.webhook.enabled=false.", ex);
		}
	}

	private static TrackingSettings trackingSettings(ReductoProperties.Tracking tracking, boolean webhooksEnabled) {
		return new TrackingSettings(tracking.getBulkThreshold(), tracking.getBulkInterval(),
				tracking.getWebhookInterval(), webhooksEnabled, tracking.isCancelOnTimeout(),
				tracking.getDefaultTimeout());
	}

	private static PollingSettings pollingSettings(ReductoProperties.Polling polling) {
		return new PollingSettings(polling.getInitialInterval(), polling.getMultiplier(), polling.getMaxInterval(),
				polling.getJitter());
	}

	private static Duration firstNonNull(@Nullable Duration first, @Nullable Duration second, Duration fallback) {
		return (first != null) ? first : (second != null) ? second : fallback;
	}

}
