package io.github.reductospring.client.aot;

import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobError;
import io.github.reductospring.client.model.ParseResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReductoClientRuntimeHints}.
 */
class ReductoClientRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	ReductoClientRuntimeHintsTests() {
		new ReductoClientRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	@Test
	void isFoundByAheadOfTimeProcessing() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(ReductoClientRuntimeHints.class);
	}

	@Test
	void theVersionResourceIsIncludedAndExists() {
		assertThat(RuntimeHintsPredicates.resource().forResource(ReductoClientRuntimeHints.VERSION_RESOURCE))
			.accepts(this.hints);
		assertThat(getClass().getClassLoader().getResource(ReductoClientRuntimeHints.VERSION_RESOURCE)).isNotNull();
	}

	@Test
	void everyRecordJacksonBindsCanBeConstructedAndRead() throws Exception {
		for (Class<?> type : new Class<?>[] { ParseResult.class, ParseResult.Usage.class, ParseResult.Chunk.class,
				ParseResult.Block.class, ParseResult.BoundingBox.class, Job.class, JobError.class }) {
			assertThat(RuntimeHintsPredicates.reflection()
				.onType(type)
				.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).as(type.getName()).accepts(this.hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ParseResult.Usage.class.getMethod("credits")))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(ParseResult.BoundingBox.class.getMethod("page"))).accepts(this.hints);
	}

}
