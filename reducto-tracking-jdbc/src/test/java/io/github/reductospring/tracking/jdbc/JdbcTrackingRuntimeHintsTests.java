package io.github.reductospring.tracking.jdbc;

import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JdbcTrackingRuntimeHints}.
 */
class JdbcTrackingRuntimeHintsTests {

	@Test
	void bothSchemaScriptsAreIncludedAndTheRegistrarIsFound() {
		RuntimeHints hints = new RuntimeHints();
		new JdbcTrackingRuntimeHints().registerHints(hints, getClass().getClassLoader());
		for (String platform : new String[] { "postgresql", "h2" }) {
			String script = "io/github/reductospring/tracking/jdbc/schema-" + platform + ".sql";
			assertThat(RuntimeHintsPredicates.resource().forResource(script)).accepts(hints);
			assertThat(getClass().getClassLoader().getResource(script)).isNotNull();
		}
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(JdbcTrackingRuntimeHints.class);
	}

}
