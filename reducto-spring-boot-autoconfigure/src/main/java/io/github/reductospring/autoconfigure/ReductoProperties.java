package io.github.reductospring.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import io.github.reductospring.client.ReductoEnvironment;
import io.github.reductospring.client.webhook.WebhookMode;

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
	private @Nullable URI baseUrl;

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
	private final Retry retry = new Retry();

	/**
	 * Polling while awaiting a job.
	 */
	private final Polling polling = new Polling();

	/**
	 * Tracking of submitted jobs until they end.
	 */
	private final Tracking tracking = new Tracking();

	/**
	 * Client-side pacing of requests.
	 */
	private final RateLimit rateLimit = new RateLimit();

	/**
	 * Webhook deliveries of job ends.
	 */
	private final Webhook webhook = new Webhook();

	/**
	 * Micrometer observations of Reducto calls.
	 */
	private final Observations observations = new Observations();

	/**
	 * The 'reducto' health indicator.
	 */
	private final Health health = new Health();

	public @Nullable String getApiKey() {
		return this.apiKey;
	}

	public void setApiKey(@Nullable String apiKey) {
		this.apiKey = apiKey;
	}

	public @Nullable URI getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(@Nullable URI baseUrl) {
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

	public Retry getRetry() {
		return this.retry;
	}

	public Polling getPolling() {
		return this.polling;
	}

	public Tracking getTracking() {
		return this.tracking;
	}

	public RateLimit getRateLimit() {
		return this.rateLimit;
	}

	public Webhook getWebhook() {
		return this.webhook;
	}

	public Observations getObservations() {
		return this.observations;
	}

	public Health getHealth() {
		return this.health;
	}

	/** Keeps the API key out of logs and failure reports. */
	@Override
	public String toString() {
		return "ReductoProperties[baseUrl=" + this.baseUrl + ", environment=" + this.environment + ", apiKey="
				+ ((this.apiKey != null) ? "[set]" : "[unset]") + "]";
	}

	/**
	 * Retry of failed calls.
	 */
	public static class Retry {

		/**
		 * Whether failed calls are retried.
		 */
		private boolean enabled = true;

		/**
		 * Maximum number of retries after the first attempt.
		 */
		private long maxRetries = 2;

		/**
		 * Wait before the first retry.
		 */
		private Duration delay = Duration.ofMillis(500);

		/**
		 * Growth of the wait from one retry to the next.
		 */
		private double multiplier = 2.0;

		/**
		 * Longest wait between two attempts.
		 */
		private Duration maxDelay = Duration.ofSeconds(8);

		/**
		 * Random amount added to or taken from each wait; must be shorter than the delay.
		 */
		private Duration jitter = Duration.ofMillis(100);

		/**
		 * Longest server-requested wait (Retry-After) honoured; longer hints fall back to the computed wait.
		 */
		private Duration maxRetryAfter = Duration.ofSeconds(60);

		/**
		 * Overall deadline of one call, all attempts and waits included.
		 */
		private Duration callTimeout = Duration.ofMinutes(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public long getMaxRetries() {
			return this.maxRetries;
		}

		public void setMaxRetries(long maxRetries) {
			this.maxRetries = maxRetries;
		}

		public Duration getDelay() {
			return this.delay;
		}

		public void setDelay(Duration delay) {
			this.delay = delay;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public Duration getJitter() {
			return this.jitter;
		}

		public void setJitter(Duration jitter) {
			this.jitter = jitter;
		}

		public Duration getMaxRetryAfter() {
			return this.maxRetryAfter;
		}

		public void setMaxRetryAfter(Duration maxRetryAfter) {
			this.maxRetryAfter = maxRetryAfter;
		}

		public Duration getCallTimeout() {
			return this.callTimeout;
		}

		public void setCallTimeout(Duration callTimeout) {
			this.callTimeout = callTimeout;
		}

	}

	/**
	 * Polling while awaiting a job.
	 */
	public static class Polling {

		/**
		 * Wait before the second poll.
		 */
		private Duration initialInterval = Duration.ofSeconds(1);

		/**
		 * Growth of the wait from one poll to the next.
		 */
		private double multiplier = 1.5;

		/**
		 * Longest wait between two polls.
		 */
		private Duration maxInterval = Duration.ofSeconds(10);

		/**
		 * Random amount added to or taken from each wait; must be shorter than the initial interval.
		 */
		private Duration jitter = Duration.ofMillis(200);

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = initialInterval;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

		public Duration getJitter() {
			return this.jitter;
		}

		public void setJitter(Duration jitter) {
			this.jitter = jitter;
		}

	}


	/**
	 * Tracking of submitted jobs until they end.
	 */
	public static class Tracking {

		/**
		 * Number of watched jobs from which they are refreshed together from job list pages instead of one by one.
		 */
		private int bulkThreshold = 4;

		/**
		 * Time between two bulk refreshes.
		 */
		private Duration bulkInterval = Duration.ofSeconds(2);

		/**
		 * Time between two safety-net refreshes while webhooks report job ends.
		 */
		private Duration webhookInterval = Duration.ofSeconds(30);

		/**
		 * Whether a job still running at its tracking deadline is cancelled.
		 */
		private boolean cancelOnTimeout = false;

		/**
		 * Deadline for tracking a job when the caller gives none.
		 */
		private Duration defaultTimeout = Duration.ofHours(1);

		/**
		 * Whether each observed job status change is published as a JobStatusChangedEvent.
		 */
		private boolean publishEvents = true;

		public int getBulkThreshold() {
			return this.bulkThreshold;
		}

		public void setBulkThreshold(int bulkThreshold) {
			this.bulkThreshold = bulkThreshold;
		}

		public Duration getBulkInterval() {
			return this.bulkInterval;
		}

		public void setBulkInterval(Duration bulkInterval) {
			this.bulkInterval = bulkInterval;
		}

		public Duration getWebhookInterval() {
			return this.webhookInterval;
		}

		public void setWebhookInterval(Duration webhookInterval) {
			this.webhookInterval = webhookInterval;
		}

		public boolean isCancelOnTimeout() {
			return this.cancelOnTimeout;
		}

		public void setCancelOnTimeout(boolean cancelOnTimeout) {
			this.cancelOnTimeout = cancelOnTimeout;
		}

		public Duration getDefaultTimeout() {
			return this.defaultTimeout;
		}

		public void setDefaultTimeout(Duration defaultTimeout) {
			this.defaultTimeout = defaultTimeout;
		}

		public boolean isPublishEvents() {
			return this.publishEvents;
		}

		public void setPublishEvents(boolean publishEvents) {
			this.publishEvents = publishEvents;
		}

	}

	/**
	 * Client-side pacing of requests, below Reducto's per-key limits (1,000/s overall, 200/s for job reads).
	 */
	public static class RateLimit {

		/**
		 * Whether requests are paced.
		 */
		private boolean enabled = true;

		/**
		 * Requests per second, all endpoints together.
		 */
		private double requestsPerSecond = 800;

		/**
		 * Requests per second to GET /job/{id}.
		 */
		private double jobReadsPerSecond = 180;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public double getRequestsPerSecond() {
			return this.requestsPerSecond;
		}

		public void setRequestsPerSecond(double requestsPerSecond) {
			this.requestsPerSecond = requestsPerSecond;
		}

		public double getJobReadsPerSecond() {
			return this.jobReadsPerSecond;
		}

		public void setJobReadsPerSecond(double jobReadsPerSecond) {
			this.jobReadsPerSecond = jobReadsPerSecond;
		}

	}


	/**
	 * Webhook deliveries of job ends.
	 */
	public static class Webhook {

		/**
		 * Whether to receive webhooks (an endpoint at 'path') and attach the webhook to submitted jobs.
		 */
		private boolean enabled = false;

		/**
		 * Path of the receiver endpoint.
		 */
		private String path = "/reducto/webhook";

		/**
		 * Delivery mode: svix (signed, configured in Reducto's webhook portal) or direct (unsigned, to 'url').
		 */
		private WebhookMode mode = WebhookMode.SVIX;

		/**
		 * Signing secret of the Svix endpoint (whsec_...), from Reducto's webhook portal.
		 */
		private @Nullable String signingSecret;

		/**
		 * Secret token put into each job's metadata in direct mode and required back in deliveries. Generated at
		 * startup when not set, which makes deliveries of jobs submitted before a restart fail.
		 */
		private @Nullable String directToken;

		/**
		 * Public URL of this application's receiver, for direct mode.
		 */
		private @Nullable URI url;

		/**
		 * Svix channels to deliver to; all when empty.
		 */
		private List<String> channels = new ArrayList<>();

		/**
		 * Largest delivery body accepted.
		 */
		private DataSize maxBodySize = DataSize.ofKilobytes(64);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public WebhookMode getMode() {
			return this.mode;
		}

		public void setMode(WebhookMode mode) {
			this.mode = mode;
		}

		public @Nullable String getSigningSecret() {
			return this.signingSecret;
		}

		public void setSigningSecret(@Nullable String signingSecret) {
			this.signingSecret = signingSecret;
		}

		public @Nullable String getDirectToken() {
			return this.directToken;
		}

		public void setDirectToken(@Nullable String directToken) {
			this.directToken = directToken;
		}

		public @Nullable URI getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable URI url) {
			this.url = url;
		}

		public List<String> getChannels() {
			return this.channels;
		}

		public void setChannels(List<String> channels) {
			this.channels = channels;
		}

		public DataSize getMaxBodySize() {
			return this.maxBodySize;
		}

		public void setMaxBodySize(DataSize maxBodySize) {
			this.maxBodySize = maxBodySize;
		}

		/** Keeps the secrets out of logs and failure reports. */
		@Override
		public String toString() {
			return "Webhook[enabled=" + this.enabled + ", mode=" + this.mode + ", path=" + this.path + ", url="
					+ this.url + "]";
		}

	}


	/**
	 * Micrometer observations of Reducto calls.
	 */
	public static class Observations {

		/**
		 * Whether each Reducto call is recorded as an observation (timer and span) and retries are counted.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * The 'reducto' health indicator.
	 */
	public static class Health {

		/**
		 * Longest wait for the API's answer to a health check.
		 */
		private Duration timeout = Duration.ofSeconds(3);

		/**
		 * How long a health result is reused, so that probes never eat the rate limit.
		 */
		private Duration cacheTtl = Duration.ofSeconds(30);

		/**
		 * Window over which the share of failed jobs is computed.
		 */
		private Duration failureWindow = Duration.ofMinutes(15);

		/**
		 * Share of failed jobs (0 to 1) in the window from which the indicator reports 'failure-status'.
		 */
		private double failureRatioThreshold = 0.5;

		/**
		 * Ended jobs needed in the window before the failure share counts.
		 */
		private int minimumEndedJobs = 10;

		/**
		 * Status reported when the failure share reaches the threshold: DEGRADED or DOWN.
		 */
		private String failureStatus = "DEGRADED";

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getCacheTtl() {
			return this.cacheTtl;
		}

		public void setCacheTtl(Duration cacheTtl) {
			this.cacheTtl = cacheTtl;
		}

		public Duration getFailureWindow() {
			return this.failureWindow;
		}

		public void setFailureWindow(Duration failureWindow) {
			this.failureWindow = failureWindow;
		}

		public double getFailureRatioThreshold() {
			return this.failureRatioThreshold;
		}

		public void setFailureRatioThreshold(double failureRatioThreshold) {
			this.failureRatioThreshold = failureRatioThreshold;
		}

		public int getMinimumEndedJobs() {
			return this.minimumEndedJobs;
		}

		public void setMinimumEndedJobs(int minimumEndedJobs) {
			this.minimumEndedJobs = minimumEndedJobs;
		}

		public String getFailureStatus() {
			return this.failureStatus;
		}

		public void setFailureStatus(String failureStatus) {
			this.failureStatus = failureStatus;
		}

	}

}
