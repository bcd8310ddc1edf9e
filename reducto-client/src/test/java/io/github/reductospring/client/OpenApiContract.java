package io.github.reductospring.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

import io.github.reductospring.emulator.RecordedExchange;
import io.github.reductospring.emulator.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks requests and answers against Reducto's OpenAPI 3.1 description (a copy of
 * {@code shared/reducto-openapi.json}). Schema validation is done by networknt's JSON Schema validator with the
 * OpenAPI 3.1 dialect; this class only finds the schema that applies to an exchange.
 */
final class OpenApiContract {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JsonNode document;

	private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31());

	private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

	private OpenApiContract(JsonNode document) {
		this.document = document;
	}

	static OpenApiContract load() throws IOException {
		try (InputStream in = OpenApiContract.class.getResourceAsStream("/openapi/reducto-openapi.json")) {
			return new OpenApiContract(JSON.readTree(in));
		}
	}

	/** The operation ({@code paths.<template>.<method>}) a request falls under, if the description has one. */
	Optional<Operation> operation(String method, String rawPath) {
		var paths = this.document.get("paths");
		for (String template : paths.propertyNames()) {
			Pattern pattern = Pattern.compile("^" + template.replaceAll("\\{[^}]+}", "[^/]+") + "$");
			JsonNode operation = paths.get(template).get(method.toLowerCase(java.util.Locale.ROOT));
			if (operation != null && pattern.matcher(rawPath).matches()) {
				return Optional.of(new Operation(method + " " + template, operation));
			}
		}
		return Optional.empty();
	}

	/** What is wrong with a request: its JSON body and its query parameters. */
	List<String> checkRequest(RecordedRequest request) {
		Operation operation = operation(request.method(), request.rawPath()).orElseThrow();
		List<String> problems = new ArrayList<>();
		Map<String, String> query = new java.util.LinkedHashMap<>(request.queryParameters());
		JsonNode parameters = operation.node().path("parameters");
		for (JsonNode parameter : parameters) {
			if (!"query".equals(parameter.path("in").asString())) {
				continue;
			}
			String name = parameter.get("name").asString();
			String value = query.remove(name);
			if (value == null) {
				if (parameter.path("required").asBoolean(false)) {
					problems.add(operation.name() + ": missing query parameter " + name);
				}
				continue;
			}
			problems.addAll(validate(operation.name() + " query " + name, parameter.get("schema"),
					typed(parameter.get("schema"), value)));
		}
		query.keySet().forEach((name) -> problems.add(operation.name() + ": undocumented query parameter " + name));
		JsonNode bodySchema = operation.node().at("/requestBody/content/application~1json/schema");
		String contentType = request.header("Content-Type");
		if (!bodySchema.isMissingNode() && contentType != null && contentType.startsWith("application/json")) {
			problems.addAll(validate(operation.name() + " request body", bodySchema, JSON.readTree(request.body())));
		}
		return problems;
	}

	/** What is wrong with an answer; empty when its status is not described (see {@link #isDocumented}). */
	List<String> checkResponse(RecordedExchange exchange) {
		Operation operation = operation(exchange.request().method(), exchange.request().rawPath()).orElseThrow();
		JsonNode schema = operation.node()
			.at("/responses/" + exchange.status() + "/content/application~1json/schema");
		if (schema.isMissingNode()) {
			return List.of();
		}
		return validate(operation.name() + " " + exchange.status() + " answer", schema,
				JSON.readTree(exchange.responseBody()));
	}

	/** Whether the description documents this answer's status for its operation. */
	boolean isDocumented(RecordedExchange exchange) {
		Operation operation = operation(exchange.request().method(), exchange.request().rawPath()).orElseThrow();
		return operation.node().path("responses").has(String.valueOf(exchange.status()));
	}

	private List<String> validate(String what, JsonNode schemaNode, JsonNode instance) {
		Schema schema = this.schemas.computeIfAbsent(schemaNode.toString(), (key) -> {
			// The schema is put into a copy of the whole document, so that its "#/components/..." references resolve.
			ObjectNode wrapper = (ObjectNode) this.document.deepCopy();
			((ObjectNode) wrapper.get("components").get("schemas")).set("__Checked", schemaNode);
			wrapper.put("$ref", "#/components/schemas/__Checked");
			return this.registry.getSchema(wrapper);
		});
		List<String> problems = new ArrayList<>();
		for (Error error : schema.validate(instance)) {
			problems.add(what + ": " + error.getInstanceLocation() + " " + error.getMessage());
		}
		return problems;
	}

	private static JsonNode typed(JsonNode schema, String value) {
		String text = schema.toString();
		if (text.contains("\"integer\"")) {
			try {
				return JsonNodeFactory.instance.numberNode(Long.parseLong(value));
			}
			catch (NumberFormatException ex) {
				return JsonNodeFactory.instance.stringNode(value);
			}
		}
		if (text.contains("\"boolean\"") && (value.equals("true") || value.equals("false"))) {
			return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(value));
		}
		return JsonNodeFactory.instance.stringNode(value);
	}

	record Operation(String name, JsonNode node) {
	}

}
