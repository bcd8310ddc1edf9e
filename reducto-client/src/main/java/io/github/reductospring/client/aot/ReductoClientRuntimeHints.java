package io.github.reductospring.client.aot;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobError;
import io.github.reductospring.client.model.ParseResult;

/**
 * What a native image needs to know about the client, registered through {@code META-INF/spring/aot.factories}: the
 * types Jackson binds by reflection (the typed parse result; {@link Job} and {@link JobError}, which a shared job
 * registry stores as JSON) and the version resource read for the {@code User-Agent}. Everything else the client reads
 * is read from the parser or as a tree, without reflection.
 */
public final class ReductoClientRuntimeHints implements RuntimeHintsRegistrar {

	/** The resource the library's version is read from. */
	static final String VERSION_RESOURCE = "io/github/reductospring/client/version.properties";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern(VERSION_RESOURCE);
		// Constructors, record components and the types they refer to, recursively: what Jackson binds records with.
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), ParseResult.class, Job.class,
				JobError.class);
	}

}
