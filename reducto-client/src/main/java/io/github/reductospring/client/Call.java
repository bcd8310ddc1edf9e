package io.github.reductospring.client;

import org.jspecify.annotations.Nullable;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.http.HttpMethod;

/**
 * One API operation, as the client describes it in errors and retries it.
 *
 * @param name the operation's name ({@code get_job}, {@code list_jobs}, ...)
 * @param method the HTTP method
 * @param uriTemplate the path template, never the filled-in path
 * @param jobId the job the call is about, if any
 * @param retryPolicy the retry policy for this kind of call
 */
record Call(String name, HttpMethod method, String uriTemplate, @Nullable String jobId, RetryPolicy retryPolicy) {

	String description() {
		return this.method.name() + " " + this.uriTemplate + ((this.jobId != null) ? " [job " + this.jobId + "]" : "");
	}

}
