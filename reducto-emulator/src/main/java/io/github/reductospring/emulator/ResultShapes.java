package io.github.reductospring.emulator;

import java.net.URI;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Results in the shapes of the OpenAPI description ({@code ParseResponse}, {@code ExtractResponse},
 * {@code SplitResponse}), with invented content.
 */
final class ResultShapes {

	private ResultShapes() {
	}

	static JsonNode result(JsonMapper json, EmulatedJob job, URI baseUrl) {
		return switch (job.type) {
			case "Extract" -> extract(json, job);
			case "Split" -> split(json, job);
			case "Edit" -> edit(json, job, baseUrl);
			case "Pipeline" -> pipeline(json, job, baseUrl);
			default -> parse(json, job, baseUrl);
		};
	}

	private static JsonNode parse(JsonMapper json, EmulatedJob job, URI baseUrl) {
		ObjectNode node = json.createObjectNode();
		node.put("job_id", job.id);
		node.put("duration", seconds(job.script.processingFor()));
		usage(node.putObject("usage"), job.script.pages());
		node.putNull("pdf_url");
		node.putNull("studio_link");
		if (job.script.resultAsUrl()) {
			ObjectNode reference = node.putObject("result");
			reference.put("type", "url");
			reference.put("url", baseUrl + EmulatorRoutes.RESULTS_PATH + job.id);
			reference.put("result_id", "res_" + job.id);
		}
		else {
			node.set("result", fullParseResult(json, job));
		}
		return node;
	}

	/** The {@code FullResult} of a parse job: one chunk with one title block per page. */
	static ObjectNode fullParseResult(JsonMapper json, EmulatedJob job) {
		ObjectNode full = json.createObjectNode();
		full.put("type", "full");
		ArrayNode chunks = full.putArray("chunks");
		for (int page = 1; page <= job.script.pages(); page++) {
			ObjectNode chunk = chunks.addObject();
			String text = "# Page " + page + "\nEmulated text of page " + page + ".";
			chunk.put("content", text);
			chunk.put("embed", text);
			chunk.putNull("enriched");
			chunk.put("enrichment_success", false);
			ObjectNode block = chunk.putArray("blocks").addObject();
			block.put("type", "Title");
			ObjectNode bbox = block.putObject("bbox");
			bbox.put("left", 0.1);
			bbox.put("top", 0.05);
			bbox.put("width", 0.8);
			bbox.put("height", 0.04);
			bbox.put("page", page);
			bbox.put("original_page", page);
			block.put("content", "Page " + page);
			block.put("confidence", "high");
			block.putNull("granular_confidence");
			block.putNull("image_url");
			block.putNull("chart_data");
			block.putNull("extra");
		}
		full.putNull("ocr");
		full.putNull("custom");
		return full;
	}

	private static JsonNode extract(JsonMapper json, EmulatedJob job) {
		ObjectNode node = json.createObjectNode();
		node.put("job_id", job.id);
		ObjectNode usage = node.putObject("usage");
		usage.put("num_pages", job.script.pages());
		usage.put("num_fields", 2);
		usage.put("credits", job.script.pages() * 2.0);
		node.putNull("studio_link");
		ObjectNode fields = node.putArray("result").addObject();
		fields.put("invoice_number", "INV-0001");
		fields.put("total", 125.5);
		node.putNull("citations");
		return node;
	}

	private static JsonNode split(JsonMapper json, EmulatedJob job) {
		ObjectNode node = json.createObjectNode();
		usage(node.putObject("usage"), job.script.pages());
		ObjectNode result = node.putObject("result");
		ObjectNode mapping = result.putObject("section_mapping");
		ArrayNode pages = mapping.putArray("Document");
		ObjectNode split = result.putArray("splits").addObject();
		split.put("name", "Document");
		ArrayNode splitPages = split.putArray("pages");
		for (int page = 1; page <= job.script.pages(); page++) {
			pages.add(page);
			splitPages.add(page);
		}
		split.put("conf", "high");
		return node;
	}

	/** {@code EditResponse}: where to download the edited document. */
	private static JsonNode edit(JsonMapper json, EmulatedJob job, URI baseUrl) {
		ObjectNode node = json.createObjectNode();
		node.put("document_url", baseUrl + EmulatorRoutes.PREFIX + "edited/" + job.id + ".pdf");
		node.putNull("form_schema");
		usage(node.putObject("usage"), job.script.pages());
		return node;
	}

	/** {@code PipelineResponse}: a parse pipeline's result. */
	private static JsonNode pipeline(JsonMapper json, EmulatedJob job, URI baseUrl) {
		ObjectNode node = json.createObjectNode();
		node.put("job_id", job.id);
		usage(node.putObject("usage"), job.script.pages());
		ObjectNode result = node.putObject("result");
		result.set("parse", parse(json, job, baseUrl));
		result.putNull("extract");
		result.putNull("split");
		result.putNull("edit");
		return node;
	}

	private static void usage(ObjectNode usage, int pages) {
		usage.put("num_pages", pages);
		usage.put("credits", (double) pages);
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

}
