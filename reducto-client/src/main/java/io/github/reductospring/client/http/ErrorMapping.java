package io.github.reductospring.client.http;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import io.github.reductospring.client.error.JobDeletedException;
import io.github.reductospring.client.error.JobNotFoundException;
import io.github.reductospring.client.error.ReductoApiException;
import io.github.reductospring.client.error.ReductoAuthenticationException;
import io.github.reductospring.client.error.ReductoBadRequestException;
import io.github.reductospring.client.error.ReductoConflictException;
import io.github.reductospring.client.error.ReductoConnectionException;
import io.github.reductospring.client.error.ReductoException;
import io.github.reductospring.client.error.ReductoNotFoundException;
import io.github.reductospring.client.error.ReductoPermissionDeniedException;
import io.github.reductospring.client.error.ReductoRateLimitException;
import io.github.reductospring.client.error.ReductoResponseException;
import io.github.reductospring.client.error.ReductoServerException;
import io.github.reductospring.client.error.ReductoTimeoutException;
import io.github.reductospring.client.error.ReductoValidationException;
import io.github.reductospring.client.http.ReductoHttpPipeline.Call;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Error answers and transport failures to {@link ReductoException}s, in one place. Every message names the
 * operation; none contains the API key, which is cut out of body excerpts should a server echo it.
 */
final class ErrorMapping {

	private static final int EXCERPT_LENGTH = 500;

	private static final int MAX_REQUEST_ID_LENGTH = 128;

	private static final Pattern CONTROL_CHARACTERS = Pattern.compile("\\p{Cntrl}");

	private final String apiKey;

	private final JsonMapper json;

	private final Duration maxRetryAfter;

	ErrorMapping(String apiKey, JsonMapper json, Duration maxRetryAfter) {
		this.apiKey = apiKey;
		this.json = json;
		this.maxRetryAfter = maxRetryAfter;
	}

	/** The exception for an error status. */
	ReductoApiException fromErrorResponse(Call call, int status, HttpHeaders headers, byte[] body) {
		String requestId = requestId(headers);
		String excerpt = excerpt(body);
		JsonNode json = parseQuietly(body);
		String detail = (json != null) ? describe(json) : excerpt;
		Duration retryAfter = retryAfter(headers);
		Boolean serverSaysRetry = shouldRetry(headers);
		String message = "Reducto answered " + status + " " + reasonPhrase(status) + " to " + call.description()
				+ ((requestId != null) ? " (request id " + requestId + ")" : "")
				+ ((detail != null && !detail.isBlank()) ? ": " + detail : "");
		if (call.jobId() != null && (status == 410 || (status == 409 && "JOB_DELETION_IN_PROGRESS".equals(errorName(json))))) {
			return new JobDeletedException(call.jobId(), status == 409, message, status, requestId, excerpt, retryAfter);
		}
		return switch (status) {
			case 400 -> new ReductoBadRequestException(message, status, requestId, excerpt, retryAfter, serverSaysRetry);
			case 401 -> new ReductoAuthenticationException(message + " (check the API key the client was built with)",
					status, requestId, excerpt, retryAfter, serverSaysRetry);
			case 403 -> new ReductoPermissionDeniedException(message, status, requestId, excerpt, retryAfter,
					serverSaysRetry);
			case 404 -> (call.jobId() != null)
					? new JobNotFoundException(call.jobId(), message, requestId, excerpt, retryAfter, serverSaysRetry)
					: new ReductoNotFoundException(message, status, requestId, excerpt, retryAfter, serverSaysRetry);
			case 409 -> new ReductoConflictException(message, status, requestId, excerpt, retryAfter, serverSaysRetry);
			case 422 -> new ReductoValidationException(message, status, requestId, excerpt, retryAfter,
					serverSaysRetry, (json != null) ? violations(json) : List.of());
			case 429 -> new ReductoRateLimitException(message + longWait(retryAfter), status, requestId, excerpt,
					retryAfter, serverSaysRetry);
			default -> (status >= 500)
					? new ReductoServerException(message, status, requestId, excerpt, retryAfter, serverSaysRetry)
					: new ReductoApiException(message, status, requestId, excerpt, retryAfter, serverSaysRetry);
		};
	}

	/** The exception for a success answer whose body cannot be used. */
	ReductoResponseException unusableBody(Call call, int status, HttpHeaders headers, byte[] body, Throwable cause) {
		String requestId = requestId(headers);
		String what = (cause instanceof JacksonException) ? "malformed JSON" : "an unexpected shape (" + cause.getMessage() + ")";
		return new ReductoResponseException("Reducto answered " + status + " to " + call.description()
				+ " with " + what + ((requestId != null) ? " (request id " + requestId + ")" : ""), status, requestId,
				excerpt(body), false, cause);
	}

	/** The exception for a failure while the body was being read. */
	ReductoException bodyReadFailure(Call call, int status, HttpHeaders headers, Throwable cause, int maxBytes) {
		String requestId = requestId(headers);
		String suffix = (requestId != null) ? " (request id " + requestId + ")" : "";
		if (cause instanceof DataBufferLimitException) {
			return new ReductoResponseException("The answer to " + call.description() + " is larger than "
					+ "the client's limit of " + maxBytes + " bytes (maxResponseBytes)" + suffix, status, requestId, null, false, cause);
		}
		if (isTimeout(cause)) {
			return new ReductoTimeoutException("Reading the answer to " + call.description() + " timed out" + suffix,
					true, cause);
		}
		return new ReductoResponseException("The answer to " + call.description() + " was cut off" + suffix, status,
				requestId, null, true, cause);
	}

	/** The exception for a failure before any answer came. */
	ReductoException transportFailure(Call call, Throwable failure) {
		if (failure instanceof ReductoException reducto) {
			return reducto;
		}
		boolean notSent = hasCause(failure, ConnectException.class);
		if (isTimeout(failure)) {
			return new ReductoTimeoutException(call.description() + (notSent ? " could not connect in time"
					: " got no answer within the read timeout"), !notSent, failure);
		}
		String reason = rootMessage(failure);
		return new ReductoConnectionException(call.description() + (notSent ? " could not connect to Reducto: "
				: " failed before an answer came: ") + reason, !notSent, failure);
	}

	/** What a 429 says when it asks for a longer wait than the client makes: it is not retried. */
	private String longWait(@Nullable Duration retryAfter) {
		if (retryAfter == null || retryAfter.compareTo(this.maxRetryAfter) <= 0) {
			return "";
		}
		return " (the server asks to wait " + retryAfter + ", longer than the client waits to retry, maxRetryAfter "
				+ this.maxRetryAfter + ": not retried)";
	}

	/**
	 * The exception for a call that passed its overall deadline, saying whether it was ever sent and what set the
	 * deadline.
	 * @param perCall whether the deadline is the call's own ({@code RequestOptions.timeout}), not the client's
	 */
	ReductoTimeoutException deadlinePassed(Call call, Duration deadline, boolean perCall, int attemptsSent) {
		String source = perCall ? " (RequestOptions.timeout, set for this call with withOptions(...))"
				: " (the retry settings' callTimeout)";
		if (attemptsSent == 0) {
			return new ReductoTimeoutException(call.description() + " was not sent within its deadline of " + deadline
					+ source + ": the client held it back to keep to Reducto's rate limit", false, true, null);
		}
		return new ReductoTimeoutException(call.description() + " did not succeed within its deadline of " + deadline
				+ source + ", after " + attemptsSent + ((attemptsSent == 1) ? " attempt" : " attempts")
				+ " and the waits between them", true, true, null);
	}

	String excerpt(byte[] body) {
		if (body.length == 0) {
			return null;
		}
		String text = redact(new String(body, 0, Math.min(body.length, EXCERPT_LENGTH * 4), StandardCharsets.UTF_8));
		return (text.length() > EXCERPT_LENGTH) ? text.substring(0, EXCERPT_LENGTH) + "..." : text;
	}

	private String redact(String text) {
		return this.apiKey.isEmpty() ? text : text.replace(this.apiKey, "[redacted]");
	}

	private @Nullable JsonNode parseQuietly(byte[] body) {
		if (body.length == 0) {
			return null;
		}
		try {
			return this.json.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/** The human part of an error body: {@code message}, {@code error.message}, or {@code detail}. */
	private @Nullable String describe(JsonNode json) {
		JsonNode error = json.get("error");
		if (error != null && error.isObject()) {
			String name = text(error, "name");
			String message = text(error, "message");
			if (message != null) {
				return redact((name != null) ? name + ": " + message : message);
			}
		}
		String message = text(json, "message");
		if (message != null) {
			return redact(message);
		}
		JsonNode detail = json.get("detail");
		if (detail != null) {
			if (detail.isString()) {
				return redact(detail.stringValue());
			}
			if (detail.isArray()) {
				return redact(String.join("; ", violations(json).stream().map(Object::toString).toList()));
			}
			return redact(detail.toString());
		}
		return (json.isString()) ? redact(json.stringValue()) : null;
	}

	private static @Nullable String errorName(@Nullable JsonNode json) {
		JsonNode error = (json != null) ? json.get("error") : null;
		return (error != null && error.isObject()) ? text(error, "name") : null;
	}

	private static List<ReductoValidationException.Violation> violations(JsonNode json) {
		JsonNode detail = json.get("detail");
		List<ReductoValidationException.Violation> violations = new ArrayList<>();
		if (detail == null || !detail.isArray()) {
			return violations;
		}
		for (JsonNode item : detail) {
			List<String> location = new ArrayList<>();
			JsonNode loc = item.get("loc");
			if (loc != null && loc.isArray()) {
				loc.forEach((part) -> location.add(part.isString() ? part.stringValue() : part.toString()));
			}
			String msg = text(item, "msg");
			violations.add(new ReductoValidationException.Violation(String.join(".", location),
					(msg != null) ? msg : item.toString(), text(item, "type")));
		}
		return violations;
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	/** The server's request id, as untrusted as the rest of its answer: no control characters, bounded, redacted. */
	@Nullable String requestId(HttpHeaders headers) {
		String id = headers.getFirst("x-request-id");
		id = (id != null) ? id : headers.getFirst("request-id");
		if (id == null) {
			return null;
		}
		String clean = redact(CONTROL_CHARACTERS.matcher(id).replaceAll(""));
		return (clean.length() > MAX_REQUEST_ID_LENGTH) ? clean.substring(0, MAX_REQUEST_ID_LENGTH) + "..." : clean;
	}

	/** {@code retry-after-ms} (milliseconds), else {@code retry-after} (seconds or an HTTP date). */
	static @Nullable Duration retryAfter(HttpHeaders headers) {
		String millis = headers.getFirst("retry-after-ms");
		if (millis != null) {
			try {
				double value = Double.parseDouble(millis.trim());
				if (value > 0) {
					return Duration.ofNanos((long) (value * 1_000_000));
				}
			}
			catch (NumberFormatException ex) {
				// fall through to retry-after
			}
		}
		String retryAfter = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (retryAfter == null || retryAfter.isBlank()) {
			return null;
		}
		try {
			return Duration.ofNanos((long) (Double.parseDouble(retryAfter.trim()) * 1_000_000_000L));
		}
		catch (NumberFormatException ex) {
			try {
				Instant at = ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				return Duration.between(Instant.now(), at);
			}
			catch (DateTimeParseException unparseable) {
				return null;
			}
		}
	}

	static @Nullable Boolean shouldRetry(HttpHeaders headers) {
		String value = headers.getFirst("x-should-retry");
		if (value == null) {
			return null;
		}
		return switch (value.trim().toLowerCase(Locale.ROOT)) {
			case "true" -> Boolean.TRUE;
			case "false" -> Boolean.FALSE;
			default -> null;
		};
	}

	private static String reasonPhrase(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		return (known != null) ? known.getReasonPhrase() : "";
	}

	private static boolean isTimeout(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
				return true;
			}
		}
		return false;
	}

	private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
		}
		return false;
	}

	private String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage();
		return redact(root.getClass().getSimpleName() + ((message != null) ? ": " + message : ""));
	}

}
