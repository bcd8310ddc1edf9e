package io.github.reductospring.client.webhook;

import java.net.URI;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How this application receives webhooks, and what it attaches to the jobs it submits.
 *
 * @param mode Svix or direct
 * @param signingSecret the Svix endpoint's signing secret ({@code whsec_...}); required for Svix mode
 * @param directToken the secret put into each job's metadata in direct mode and required back in deliveries
 * @param url where direct deliveries go (this application's public receiver URL); required for direct mode
 * @param channels Svix channels to deliver to (all when empty)
 * @param maxBodyBytes largest delivery body accepted
 */
public record WebhookSettings(Mode mode, @Nullable String signingSecret, @Nullable String directToken,
		@Nullable URI url, List<String> channels, int maxBodyBytes) {

	/** The metadata key that carries the direct-mode token. */
	public static final String TOKEN_METADATA_KEY = "reducto_spring_token";

	public WebhookSettings {
		Objects.requireNonNull(mode, "mode");
		channels = List.copyOf(channels);
		if (mode == Mode.SVIX && (signingSecret == null || signingSecret.isBlank())) {
			throw new IllegalArgumentException("Svix webhooks need WebhookSettings.signingSecret (the endpoint's "
					+ "whsec_... secret from Reducto's webhook portal)");
		}
		if (mode == Mode.SVIX && !signingSecret.startsWith("whsec_")) {
			throw new IllegalArgumentException("WebhookSettings.signingSecret must start with whsec_");
		}
		if (mode == Mode.DIRECT && (directToken == null || directToken.length() < 16)) {
			throw new IllegalArgumentException("Direct webhooks need WebhookSettings.directToken of at least 16 characters");
		}
		if (mode == Mode.DIRECT && url == null) {
			throw new IllegalArgumentException("Direct webhooks need WebhookSettings.url, the public URL of this "
					+ "application's receiver, so that submitted jobs can name it");
		}
		if (maxBodyBytes < 1024) {
			throw new IllegalArgumentException("WebhookSettings.maxBodyBytes must be at least 1KB");
		}
	}

	/** How Reducto delivers job ends. */
	public enum Mode {

		/** Through Svix, signed with the endpoint's {@code whsec_} secret. */
		SVIX,

		/** Posted straight to a URL, unsigned; a secret token in the job's metadata authenticates it. */
		DIRECT

	}

	/** Leaves the secrets out. */
	@Override
	public String toString() {
		return "WebhookSettings[mode=" + this.mode + ", url=" + this.url + ", channels=" + this.channels + "]";
	}

}
