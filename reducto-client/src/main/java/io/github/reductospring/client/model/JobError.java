package io.github.reductospring.client.model;

import org.jspecify.annotations.Nullable;

/**
 * Why a job failed: the {@code reason} text every server sends, and the structured error newer servers add.
 *
 * @param reason the failure reason ({@code reason} on the wire)
 * @param code the numeric code of the structured error, if sent
 * @param name the error name, for example {@code DOCUMENT_CORRUPT}, if sent
 * @param message the structured error's message, if sent
 */
public record JobError(@Nullable String reason, @Nullable Integer code, @Nullable String name,
		@Nullable String message) {

	/** The most specific description available. */
	public String description() {
		if (this.message != null && !this.message.isBlank()) {
			return (this.name != null) ? this.name + ": " + this.message : this.message;
		}
		return (this.reason != null) ? this.reason : "unknown failure";
	}

}
