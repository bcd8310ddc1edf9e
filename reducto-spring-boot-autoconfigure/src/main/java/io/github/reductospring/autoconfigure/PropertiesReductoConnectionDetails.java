package io.github.reductospring.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;

import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;

import io.github.reductospring.client.ReductoEnvironment;

/**
 * {@link ReductoConnectionDetails} from {@link ReductoProperties}. {@code REDUCTO_API_KEY} and
 * {@code REDUCTO_BASE_URL} reach the properties through Boot's relaxed binding of environment variables.
 */
final class PropertiesReductoConnectionDetails implements ReductoConnectionDetails {

	private static final String BASE_URL_ADVICE = "Set reducto.base-url to an http or https URL such as "
			+ "https://platform.reducto.ai, or http://localhost:8089 for the emulator; or leave it unset and choose a "
			+ "region with reducto.environment (us, eu, au).";

	private final ReductoProperties properties;

	private final URI baseUrl;

	PropertiesReductoConnectionDetails(ReductoProperties properties) {
		// Blank counts as unset: an empty REDUCTO_BASE_URL in a deployment template means "no override".
		String configured = StringUtils.hasText(properties.getBaseUrl()) ? properties.getBaseUrl() : null;
		if (configured != null && properties.getEnvironment() != null) {
			throw new ReductoConfigurationException("reducto.base-url and reducto.environment are both set ("
					+ properties.getBaseUrl() + ", " + properties.getEnvironment() + ")",
					"Set only one: reducto.environment (us, eu, au) for a Reducto region, or reducto.base-url for "
							+ "another address such as a proxy or an emulator.");
		}
		this.properties = properties;
		ReductoEnvironment environment = properties.getEnvironment();
		this.baseUrl = (configured != null) ? checkedBaseUrl(configured)
				: ((environment != null) ? environment.baseUrl() : ReductoEnvironment.US.baseUrl());
	}

	/** The URL as the client needs it: absolute, http or https, with a host; checked here, at startup. */
	private static URI checkedBaseUrl(String configured) {
		URI url;
		try {
			url = new URI(configured.trim());
		}
		catch (URISyntaxException ex) {
			throw new ReductoConfigurationException("reducto.base-url is not a URL: '" + configured + "' ("
					+ ex.getReason() + " at index " + ex.getIndex() + ")", BASE_URL_ADVICE, ex);
		}
		String scheme = url.getScheme();
		if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
			throw new ReductoConfigurationException("reducto.base-url must be an http or https URL, got '" + configured
					+ "'", BASE_URL_ADVICE);
		}
		if (url.getHost() == null) {
			throw new ReductoConfigurationException("reducto.base-url has no host: '" + configured + "'",
					BASE_URL_ADVICE);
		}
		return url;
	}

	@Override
	public URI getBaseUrl() {
		return this.baseUrl;
	}

	@Override
	public @Nullable String getApiKey() {
		return this.properties.getApiKey();
	}

	@Override
	public String toString() {
		return "PropertiesReductoConnectionDetails[baseUrl=" + getBaseUrl() + "]";
	}

}
