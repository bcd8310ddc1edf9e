package io.github.reductospring.client.http;

import org.jspecify.annotations.Nullable;

/**
 * What an API call is, for observations: a closed set of operations and URI templates (low cardinality), and the
 * job id (high cardinality: a span attribute, never a metric tag).
 *
 * @param operation {@code get_job}, {@code list_jobs}, {@code cancel_job}, {@code submit_parse}, ...
 * @param method the HTTP method
 * @param uriTemplate the path template, such as {@code /job/{jobId}}, never the filled-in path
 * @param jobId the job concerned, if any
 */
public record ReductoCall(String operation, String method, String uriTemplate, @Nullable String jobId) {
}
