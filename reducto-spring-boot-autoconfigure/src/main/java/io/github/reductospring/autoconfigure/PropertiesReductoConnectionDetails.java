package io.github.reductospring.autoconfigure;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import io.github.reductospring.client.ReductoEnvironment;

/**
 * {@link ReductoConnectionDetails} from {@link ReductoProperties}. {@code REDUCTO_API_KEY} and
 * {@code REDUCTO_BASE_URL} reach the properties through Boot's relaxed binding of environment variables.
 */
final class PropertiesReductoConnectionDetails implements ReductoConnectionDetails {

	private final ReductoProperties properties;

	PropertiesReductoConnectionDetails(ReductoProperties properties) {
		if (properties.getBaseUrl() != null && properties.getEnvironment() != null) {
			throw new ReductoConfigurationException("reducto.base-url and reducto.environment are both set ("
					+ properties.getBaseUrl() + ", " + properties.getEnvironment() + ")",
					"Set only one: reducto.environment (us, eu, au) for a Reducto region, or reducto.base-url for "
							+ "another address such as a proxy or an emulator.");
		}
		this.properties = properties;
	}

	@Override
	public URI getBaseUrl() {
		if (this.properties.getBaseUrl() != null) {
			return this.properties.getBaseUrl();
		}
		ReductoEnvironment environment = this.properties.getEnvironment();
		return (environment != null) ? environment.baseUrl() : ReductoEnvironment.US.baseUrl();
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
