package io.github.reductospring.client.model;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * What a job does. A closed set, so that it can tag metrics; anything new is {@link #UNKNOWN}.
 */
public enum JobType {

	/** Parse a document into chunks and blocks. */
	PARSE,

	/** Extract fields by a schema. */
	EXTRACT,

	/** Split a document into sections. */
	SPLIT,

	/** Fill or edit a document. */
	EDIT,

	/** Run a Studio pipeline. */
	PIPELINE,

	/** Classify a document. */
	CLASSIFY,

	/** A type this library does not know yet. */
	UNKNOWN;

	/**
	 * Maps a wire type ({@code Parse}, {@code Extract}, ...), ignoring case.
	 * @param wireValue the {@code type} Reducto sent
	 * @return the type, {@code null} when none was sent
	 */
	public static @Nullable JobType fromWire(@Nullable String wireValue) {
		if (wireValue == null || wireValue.isBlank()) {
			return null;
		}
		try {
			return valueOf(wireValue.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			return UNKNOWN;
		}
	}

}
