package io.github.reductospring.emulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * A misbehaviour the emulator shows on chosen requests: an error answer, a delay, a cut-off or malformed body,
 * or a dropped connection. Faults apply in the order they were injected, each to the number of matching requests
 * given by {@link #times(int)} (once by default).
 */
public final class Fault {

	enum Kind {

		RESPOND, DELAY, TRUNCATE, MALFORMED, DISCONNECT

	}

	private final Kind kind;

	private final int status;

	private final Map<String, String> headers;

	private final String body;

	private final Duration delay;

	private final @Nullable String method;

	private final String pathPrefix;

	private final AtomicInteger remaining;

	private Fault(Kind kind, int status, Map<String, String> headers, String body, Duration delay,
			@Nullable String method, String pathPrefix, int times) {
		this.kind = kind;
		this.status = status;
		this.headers = headers;
		this.body = body;
		this.delay = delay;
		this.method = method;
		this.pathPrefix = pathPrefix;
		this.remaining = new AtomicInteger(times);
	}

	/** Answer with this HTTP status and a JSON body {@code {"detail": "..."}}. */
	public static Fault status(int status) {
		return new Fault(Kind.RESPOND, status, Map.of(), "{\"detail\":\"Injected fault " + status + "\"}",
				Duration.ZERO, null, "/", 1);
	}

	/** Answer 429 with Reducto's polling message and a {@code retry-after} hint in seconds. */
	public static Fault rateLimited(String retryAfterSeconds) {
		return status(429).header("retry-after", retryAfterSeconds)
			.body("{\"message\":\"[CODE 2000] rate limit exceeded, please use webhooks instead of polling\"}");
	}

	/** Wait this long before handling the request normally. */
	public static Fault delay(Duration delay) {
		return new Fault(Kind.DELAY, 0, Map.of(), "", delay, null, "/", 1);
	}

	/** Send a 200 whose body stops half way and then close the connection. */
	public static Fault truncatedBody() {
		return new Fault(Kind.TRUNCATE, 200, Map.of(), "", Duration.ZERO, null, "/", 1);
	}

	/** Send a 200 whose body is not JSON. */
	public static Fault malformedBody() {
		return new Fault(Kind.MALFORMED, 200, Map.of(), "", Duration.ZERO, null, "/", 1);
	}

	/** Close the connection without any answer. */
	public static Fault disconnect() {
		return new Fault(Kind.DISCONNECT, 0, Map.of(), "", Duration.ZERO, null, "/", 1);
	}

	/** This fault with an extra response header. */
	public Fault header(String name, String value) {
		Map<String, String> merged = new LinkedHashMap<>(this.headers);
		merged.put(name, value);
		return new Fault(this.kind, this.status, merged, this.body, this.delay, this.method, this.pathPrefix,
				this.remaining.get());
	}

	/** This fault with another response body (JSON text). */
	public Fault body(String body) {
		return new Fault(this.kind, this.status, this.headers, Objects.requireNonNull(body), this.delay,
				this.method, this.pathPrefix, this.remaining.get());
	}

	/** This fault, only for requests with this method on paths starting with {@code pathPrefix}. */
	public Fault on(String method, String pathPrefix) {
		return new Fault(this.kind, this.status, this.headers, this.body, this.delay, method, pathPrefix,
				this.remaining.get());
	}

	/** This fault for the next {@code times} matching requests. */
	public Fault times(int times) {
		if (times < 1) {
			throw new IllegalArgumentException("A fault applies at least once");
		}
		return new Fault(this.kind, this.status, this.headers, this.body, this.delay, this.method, this.pathPrefix,
				times);
	}

	boolean claim(String requestMethod, String rawPath) {
		if (this.method != null && !this.method.equalsIgnoreCase(requestMethod)) {
			return false;
		}
		if (!rawPath.startsWith(this.pathPrefix)) {
			return false;
		}
		return this.remaining.getAndUpdate((n) -> (n > 0) ? n - 1 : 0) > 0;
	}

	boolean exhausted() {
		return this.remaining.get() <= 0;
	}

	Kind kind() {
		return this.kind;
	}

	int status() {
		return this.status;
	}

	Map<String, String> headers() {
		return this.headers;
	}

	String body() {
		return this.body;
	}

	Duration delay() {
		return this.delay;
	}

}
