package io.github.reductospring.emulator;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A request as the emulator received it, for tests that check what a client sent.
 *
 * @param method the HTTP method
 * @param rawPath the path exactly as sent, percent-encoding included
 * @param rawQuery the query string as sent, or {@code null}
 * @param headers the headers, names in lower case
 * @param body the body as text (empty when none)
 */
public record RecordedRequest(String method, String rawPath, @Nullable String rawQuery,
		Map<String, List<String>> headers, String body) {

	/** The first value of a header, or {@code null}. */
	public @Nullable String header(String name) {
		List<String> values = this.headers.get(name.toLowerCase(java.util.Locale.ROOT));
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	/** The query parameters, percent-decoded, in order (the last value of a repeated name wins). */
	public Map<String, String> queryParameters() {
		return EmulatorRequest.queryParameters(this.rawQuery);
	}

	/** Whether this request was {@code method} on a path starting with {@code pathPrefix}. */
	public boolean matches(String method, String pathPrefix) {
		return this.method.equalsIgnoreCase(method) && this.rawPath.startsWith(pathPrefix);
	}

}
