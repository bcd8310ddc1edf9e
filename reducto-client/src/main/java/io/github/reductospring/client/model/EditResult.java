package io.github.reductospring.client.model;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

/**
 * The result of a completed edit job ({@code EditResponse}).
 *
 * @param documentUrl where to download the edited document (a presigned URL that expires)
 * @param formSchema the form's widgets as Reducto found or filled them, for PDF forms
 * @param usage pages and credits, if Reducto reported them
 */
public record EditResult(String documentUrl, @Nullable JsonNode formSchema, ParseResult.@Nullable Usage usage) {
}
