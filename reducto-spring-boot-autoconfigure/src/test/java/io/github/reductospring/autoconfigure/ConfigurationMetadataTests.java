package io.github.reductospring.autoconfigure;

import java.io.InputStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;

import io.github.reductospring.autoconfigure.cleanup.ReductoCleanupProperties;
import io.github.reductospring.client.http.ConnectionPoolSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the configuration metadata IDEs complete {@code reducto.*} properties from: defaults shown where the
 * property itself has none, and only the values startup accepts offered.
 */
class ConfigurationMetadataTests {

	private final JsonNode metadata = read();

	@Test
	void cleanupStatusesOfferOnlyTerminalStatusesWithTheirDefault() {
		assertThat(values("reducto.cleanup.statuses")).containsExactly("completed", "failed", "cancelled");
		assertThat(property("reducto.cleanup.statuses").get("defaultValue").toString())
			.isEqualTo("[\"completed\",\"failed\",\"cancelled\"]");
	}

	@Test
	void environmentShowsItsDefaultAndRegions() {
		assertThat(property("reducto.environment").get("defaultValue").stringValue()).isEqualTo("us");
		assertThat(values("reducto.environment")).containsExactly("us", "eu", "au");
	}

	@Test
	void everyPropertyHasADescription() {
		for (JsonNode property : this.metadata.get("properties")) {
			if (property.get("name").stringValue().startsWith("reducto.")) {
				assertThat(property.hasNonNull("description")).as(property.get("name").stringValue()).isTrue();
			}
		}
	}

	@Test
	void everyPropertyWithADefaultShowsIt() {
		BeanWrapper reducto = new BeanWrapperImpl(new ReductoProperties());
		BeanWrapper cleanup = new BeanWrapperImpl(new ReductoCleanupProperties());
		for (JsonNode property : this.metadata.get("properties")) {
			String name = property.get("name").stringValue();
			if (!name.startsWith("reducto.") || property.has("defaultValue")) {
				continue;
			}
			BeanWrapper owner = name.startsWith("reducto.cleanup.") ? cleanup : reducto;
			String path = camelCase(name.substring(name.startsWith("reducto.cleanup.") ? 16 : 8));
			Object value = owner.getPropertyValue(path);
			boolean none = value == null || (value instanceof java.util.Collection<?> values && values.isEmpty());
			assertThat(none).as(name + " has the default " + value + " but its metadata shows none").isTrue();
		}
	}

	@Test
	void theConnectionPoolsDefaultsWrittenOutAreTheClients() {
		assertThat(new ReductoHttpProperties().toSettings()).isEqualTo(ConnectionPoolSettings.DEFAULTS);
	}

	private static String camelCase(String kebab) {
		StringBuilder path = new StringBuilder();
		boolean upper = false;
		for (char c : kebab.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				path.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return path.toString();
	}

	private JsonNode property(String name) {
		for (JsonNode property : this.metadata.get("properties")) {
			if (property.get("name").stringValue().equals(name)) {
				return property;
			}
		}
		throw new AssertionError("No metadata for " + name);
	}

	private java.util.List<String> values(String name) {
		for (JsonNode hint : this.metadata.get("hints")) {
			if (hint.get("name").stringValue().equals(name)) {
				return hint.get("values").valueStream().map((value) -> value.get("value").stringValue()).toList();
			}
		}
		throw new AssertionError("No hint for " + name);
	}

	private static JsonNode read() {
		try (InputStream in = ConfigurationMetadataTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			return JsonMapper.shared().readTree(in);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
