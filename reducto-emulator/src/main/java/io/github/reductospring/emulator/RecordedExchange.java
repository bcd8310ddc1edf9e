package io.github.reductospring.emulator;

/**
 * A request and the answer the emulator sent, for tests that check both against the API description.
 *
 * @param request the request
 * @param status the answer's HTTP status
 * @param responseBody the answer's body as text (empty when none)
 */
public record RecordedExchange(RecordedRequest request, int status, String responseBody) {
}
