package io.github.reductospring.client.webhook;

/**
 * How Reducto delivers job ends.
 */
public enum WebhookMode {

	/** Through Svix, signed with the endpoint's {@code whsec_} secret. */
	SVIX,

	/** Posted straight to a URL, unsigned; a secret token in the job's metadata authenticates it. */
	DIRECT

}
