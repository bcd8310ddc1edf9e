package io.github.reductospring.client;

import java.net.URI;

/**
 * Reducto's regional deployments.
 */
public enum ReductoEnvironment {

	/** United States (the default). */
	US("https://platform.reducto.ai"),

	/** European Union. */
	EU("https://eu.platform.reducto.ai"),

	/** Australia. */
	AU("https://au.platform.reducto.ai");

	private final URI baseUrl;

	ReductoEnvironment(String baseUrl) {
		this.baseUrl = URI.create(baseUrl);
	}

	/** The API's base URL in this region. */
	public URI baseUrl() {
		return this.baseUrl;
	}

}
