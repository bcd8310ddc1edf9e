package io.github.reductospring.client;

import java.net.URI;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Where Reducto reports a job's end: through Svix (signed, configured in Reducto's portal) or directly to a URL.
 *
 * @param mode {@code svix} or {@code direct}
 * @param url the URL for direct mode
 * @param channels the Svix channels (all when empty)
 */
public record Webhook(String mode, @Nullable URI url, List<String> channels) {

	public Webhook {
		Objects.requireNonNull(mode, "mode");
		channels = List.copyOf(channels);
		if (mode.equals("direct") && url == null) {
			throw new IllegalArgumentException("A direct webhook needs a URL");
		}
		if (!mode.equals("direct") && !mode.equals("svix")) {
			throw new IllegalArgumentException("Webhook mode must be 'svix' or 'direct', got '" + mode + "'");
		}
	}

	/** Deliveries through Svix, to the given channels or to all. */
	public static Webhook svix(String... channels) {
		return new Webhook("svix", null, List.of(channels));
	}

	/** Unsigned deliveries, posted straight to {@code url}. */
	public static Webhook direct(URI url) {
		if (!"https".equalsIgnoreCase(url.getScheme()) && !"http".equalsIgnoreCase(url.getScheme())) {
			throw new IllegalArgumentException("A direct webhook URL must be http(s), got " + url);
		}
		return new Webhook("direct", url, List.of());
	}

}
