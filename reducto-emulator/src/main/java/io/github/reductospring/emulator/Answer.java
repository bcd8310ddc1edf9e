package io.github.reductospring.emulator;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the emulator answers to one request: a status, headers and a body, or one of the ways a real server fails
 * (a body cut off, a dropped connection). The server writes it; the routes and faults only decide it.
 *
 * @param status the HTTP status
 * @param headers the headers to set
 * @param body the body bytes
 * @param delivery how the answer leaves
 */
record Answer(int status, Map<String, String> headers, byte[] body, Delivery delivery) {

	/** How an answer leaves. */
	enum Delivery {

		/** Whole. */
		WHOLE,

		/** Headers announcing the whole body, then half of it, then the connection closes. */
		CUT_OFF,

		/** No answer: the connection closes. */
		DROPPED

	}

	static Answer of(int status, Map<String, String> headers, byte[] body) {
		return new Answer(status, headers, body, Delivery.WHOLE);
	}

	static Answer json(JsonMapper json, int status, JsonNode node) {
		return of(status, Map.of("Content-Type", "application/json"), json.writeValueAsBytes(node));
	}

	/** {@code {"detail": "..."}}, the API's plain error body. */
	static Answer detail(JsonMapper json, int status, String detail) {
		ObjectNode node = json.createObjectNode();
		node.put("detail", detail);
		return json(json, status, node);
	}

	/** A 422 in the API's validation shape: {@code {"detail": [{"loc": [...], "msg", "type", "input"}]}}. */
	static Answer validationError(JsonMapper json, List<String> location, String message, String type,
			@Nullable String input) {
		ObjectNode node = json.createObjectNode();
		ObjectNode item = node.putArray("detail").addObject();
		ArrayNode loc = item.putArray("loc");
		location.forEach(loc::add);
		item.put("msg", message);
		item.put("type", type);
		if (input != null) {
			item.put("input", input);
		}
		return json(json, 422, node);
	}

	static Answer text(int status, String body) {
		return of(status, Map.of(), body.getBytes(StandardCharsets.UTF_8));
	}

	Answer withHeader(String name, String value) {
		Map<String, String> more = new LinkedHashMap<>(this.headers);
		more.put(name, value);
		return new Answer(this.status, more, this.body, this.delivery);
	}

	Answer delivered(Delivery delivery) {
		return new Answer(this.status, this.headers, this.body, delivery);
	}

}
