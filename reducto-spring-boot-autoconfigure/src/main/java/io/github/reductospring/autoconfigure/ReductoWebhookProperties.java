package io.github.reductospring.autoconfigure;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

import io.github.reductospring.client.webhook.WebhookSettings;

/**
 * Webhook deliveries of job ends.
 */
public class ReductoWebhookProperties {

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
	private WebhookSettings.Mode mode = WebhookSettings.Mode.SVIX;

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

	/**
	 * Spring Security for the receiver endpoint.
	 */
	private final Security security = new Security();

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

	public WebhookSettings.Mode getMode() {
		return this.mode;
	}

	public void setMode(WebhookSettings.Mode mode) {
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

	public Security getSecurity() {
		return this.security;
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
		return "ReductoWebhookProperties[enabled=" + this.enabled + ", mode=" + this.mode + ", path=" + this.path + ", url="
				+ this.url + "]";
	}

	/** These properties as the client's settings, with the direct-mode token to use. */
	WebhookSettings toSettings(@Nullable String directToken) {
		return new WebhookSettings(this.mode, this.signingSecret, directToken, this.url, this.channels,
				(int) Math.min(Integer.MAX_VALUE, this.maxBodySize.toBytes()));
	}
	/**
	 * How the receiver endpoint passes Spring Security.
	 */
	public static class Security {

		/**
		 * Whether the endpoint gets a security filter chain of its own (permitted, stateless, no CSRF: deliveries are
		 * authenticated by their signature) when Spring Security is on the class path.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
