package io.github.reductospring.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A request as the routes see it, whatever server received it.
 *
 * @param method the HTTP method
 * @param rawPath the path, not decoded
 * @param rawQuery the query, not decoded
 * @param headers the headers, names in lower case
 * @param body the body bytes (empty when none, and for a presigned upload, which is counted, not kept)
 * @param bodyLength how many bytes the body had
 */
record EmulatorRequest(String method, String rawPath, @Nullable String rawQuery, Map<String, List<String>> headers,
		byte[] body, long bodyLength) {

	/** The first value of a header, or {@code null}. */
	@Nullable String header(String name) {
		List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	boolean is(String method, String path) {
		return this.method.equals(method) && this.rawPath.equals(path);
	}

	Map<String, String> query() {
		return queryParameters(this.rawQuery);
	}

	/** Query parameters, percent-decoded, in order (the last value of a repeated name wins). */
	static Map<String, String> queryParameters(@Nullable String rawQuery) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (rawQuery == null || rawQuery.isEmpty()) {
			return parameters;
		}
		for (String pair : rawQuery.split("&")) {
			int eq = pair.indexOf('=');
			String name = (eq >= 0) ? pair.substring(0, eq) : pair;
			String value = (eq >= 0) ? pair.substring(eq + 1) : "";
			parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
					URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return parameters;
	}

	/** A path segment, percent-decoded only: '+' is a literal plus in a path. */
	static String decodeSegment(String rawSegment) {
		return URLDecoder.decode(rawSegment.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

}
