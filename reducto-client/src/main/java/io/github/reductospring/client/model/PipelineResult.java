package io.github.reductospring.client.model;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

/**
 * The result of a completed Studio pipeline job ({@code PipelineResponse}): each step's result, as the step's own
 * response. Which steps ran depends on the pipeline; Reducto's shapes for parse, extract and split steps vary with
 * their settings, so they stay JSON (a parse step's is a {@code ParseResponse} or a list of them).
 *
 * @param jobId the job's id as the result names it
 * @param usage pages and credits, if Reducto reported them
 * @param parse the parse step's response, if the pipeline parsed
 * @param extract the extract step's response, if it extracted
 * @param split the split step's response, if it split
 * @param edit the edit step's result, if it edited
 */
public record PipelineResult(@Nullable String jobId, ParseResult.@Nullable Usage usage, @Nullable JsonNode parse,
		@Nullable JsonNode extract, @Nullable JsonNode split, @Nullable EditResult edit) {
}
