package io.github.reductospring.autoconfigure;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

import io.github.reductospring.client.ReductoEnvironment;

/**
 * Configuration properties for the Reducto client.
 */
@ConfigurationProperties("reducto")
public class ReductoProperties {

	/**
	 * API key sent as a Bearer token. Falls back to the REDUCTO_API_KEY environment variable.
	 */
	private @Nullable String apiKey;

	/**
	 * Base URL of the API, for a proxy or a local emulator. Mutually exclusive with 'environment'.
	 */
	private @Nullable String baseUrl;

	/**
	 * Reducto region to use (us, eu or au) when no base URL is set. Mutually exclusive with 'base-url'.
	 */
	private @Nullable ReductoEnvironment environment;

	/**
	 * Connect timeout. Defaults to spring.http.clients.connect-timeout, else 10s.
	 */
	private @Nullable Duration connectTimeout;

	/**
	 * Read timeout of each attempt. Defaults to spring.http.clients.read-timeout, else 60s.
	 */
	private @Nullable Duration readTimeout;

	/**
	 * Largest response body accepted; job results can be several megabytes.
	 */
	private DataSize maxResponseSize = DataSize.ofMegabytes(64);

	/**
	 * Retry of failed calls.
	 */
	@NestedConfigurationProperty
	private final ReductoRetryProperties retry = new ReductoRetryProperties();

	/**
	 * Polling while awaiting a job.
	 */
	@NestedConfigurationProperty
	private final ReductoPollingProperties polling = new ReductoPollingProperties();

	/**
	 * Tracking of submitted jobs until they end.
	 */
	@NestedConfigurationProperty
	private final ReductoTrackingProperties tracking = new ReductoTrackingProperties();

	/**
	 * Client-side pacing of requests.
	 */
	@NestedConfigurationProperty
	private final ReductoRateLimitProperties rateLimit = new ReductoRateLimitProperties();

	/**
	 * Webhook deliveries of job ends.
	 */
	@NestedConfigurationProperty
	private final ReductoWebhookProperties webhook = new ReductoWebhookProperties();

	/**
	 * Micrometer observations of Reducto calls.
	 */
	@NestedConfigurationProperty
	private final ReductoObservationsProperties observations = new ReductoObservationsProperties();

	/**
	 * The 'reducto' health indicator.
	 */
	@NestedConfigurationProperty
	private final ReductoHealthProperties health = new ReductoHealthProperties();

	/**
	 * The client's own connection pool.
	 */
	@NestedConfigurationProperty
	private final ReductoHttpProperties http = new ReductoHttpProperties();

	public @Nullable String getApiKey() {
		return this.apiKey;
	}

	public void setApiKey(@Nullable String apiKey) {
		this.apiKey = apiKey;
	}

	public @Nullable String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(@Nullable String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public @Nullable ReductoEnvironment getEnvironment() {
		return this.environment;
	}

	public void setEnvironment(@Nullable ReductoEnvironment environment) {
		this.environment = environment;
	}

	public @Nullable Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(@Nullable Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public @Nullable Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(@Nullable Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public DataSize getMaxResponseSize() {
		return this.maxResponseSize;
	}

	public void setMaxResponseSize(DataSize maxResponseSize) {
		this.maxResponseSize = maxResponseSize;
	}

	public ReductoRetryProperties getRetry() {
		return this.retry;
	}

	public ReductoPollingProperties getPolling() {
		return this.polling;
	}

	public ReductoTrackingProperties getTracking() {
		return this.tracking;
	}

	public ReductoRateLimitProperties getRateLimit() {
		return this.rateLimit;
	}

	public ReductoWebhookProperties getWebhook() {
		return this.webhook;
	}

	public ReductoObservationsProperties getObservations() {
		return this.observations;
	}

	public ReductoHealthProperties getHealth() {
		return this.health;
	}

	public ReductoHttpProperties getHttp() {
		return this.http;
	}

	/** Keeps the API key out of logs and failure reports. */
	@Override
	public String toString() {
		return "ReductoProperties[baseUrl=" + this.baseUrl + ", environment=" + this.environment + ", apiKey="
				+ ((this.apiKey != null) ? "[set]" : "[unset]") + "]";
	}

}
