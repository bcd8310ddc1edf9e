package io.github.reductospring.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * A server that cannot be the bottleneck of {@link HttpClientBenchmark}: Reactor Netty in a JVM of its own, answering
 * from memory with Reducto-shaped JSON recorded once at startup: {@code GET /job/{id}} a completed parse job (three
 * chunks), {@code GET /jobs} pages of the same {@value #JOBS} jobs by cursor. Prints {@code READY <port>}.
 * <p>
 * With {@code --write <dir>} it writes the same answers as files instead, with an {@code nginx.conf} that serves them
 * on port 8089 ({@code nginx -c <dir>/nginx.conf}; {@code nginx -s stop -c <dir>/nginx.conf} ends it): a server in C
 * leaves more of a small machine to the clients measured.
 */
public final class StaticReductoServer {

	/** Jobs served by {@code GET /jobs}. */
	static final int JOBS = 100_000;

	/** The page size the benchmark lists with. */
	static final int PAGE = 500;

	private StaticReductoServer() {
	}

	public static void main(String[] args) throws Exception {
		byte[] job = JsonMapper.shared().writeValueAsBytes(completedParseJob());
		List<Map<String, Object>> listed = listedJobs();
		// Pages of the benchmark's size are encoded once: the server must not be what is measured.
		Map<Integer, byte[]> recordedPages = new java.util.HashMap<>();
		for (int from = 0; from < JOBS; from += PAGE) {
			recordedPages.put(from, page(listed, from, PAGE));
		}
		if (args[0].equals("--write")) {
			writeForNginx(java.nio.file.Path.of(args[1]).toAbsolutePath(), job, recordedPages);
			return;
		}
		int port = Integer.parseInt(args[0]);
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.route((routes) -> routes.get("/job/{id}", (request, response) -> json(response, job))
				.get("/jobs", (request, response) -> json(response, page(request, listed, recordedPages))))
			.bindNow();
		System.out.println("READY " + server.port());
		server.onDispose().block();
	}

	private static void writeForNginx(java.nio.file.Path dir, byte[] job, Map<Integer, byte[]> pages)
			throws java.io.IOException {
		java.nio.file.Files.createDirectories(dir.resolve("pages"));
		java.nio.file.Files.write(dir.resolve("job.json"), job);
		for (Map.Entry<Integer, byte[]> page : pages.entrySet()) {
			java.nio.file.Files.write(dir.resolve("pages/" + page.getKey() + ".json"), page.getValue());
		}
		String conf = """
				worker_processes auto;
				pid %1$s/nginx.pid;
				error_log %1$s/error.log;
				events { worker_connections 4096; }
				http {
				  access_log off;
				  keepalive_requests 1000000;
				  default_type application/json;
				  map $arg_cursor $page { "" 0; default $arg_cursor; }
				  server {
				    listen 127.0.0.1:8089;
				    root %1$s;
				    location ^~ /job/ { try_files /job.json =404; }
				    location = /jobs { try_files /pages/$page.json =404; }
				  }
				}
				""".formatted(dir);
		java.nio.file.Files.writeString(dir.resolve("nginx.conf"), conf);
		System.out.println("Wrote " + (pages.size() + 1) + " answers and nginx.conf to " + dir);
	}

	private static Mono<Void> json(HttpServerResponse response, byte[] body) {
		return response.status(HttpResponseStatus.OK)
			.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
			.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
			.sendByteArray(Mono.just(body))
			.then();
	}

	/** Pages by offset: the cursor is the offset of the page's first job. */
	private static byte[] page(HttpServerRequest request, List<Map<String, Object>> jobs,
			Map<Integer, byte[]> recordedPages) {
		Map<String, List<String>> query = new QueryStringDecoder(request.uri()).parameters();
		int limit = Integer.parseInt(query.getOrDefault("limit", List.of("100")).get(0));
		int from = Integer.parseInt(query.getOrDefault("cursor", List.of("0")).get(0));
		byte[] recorded = (limit == PAGE) ? recordedPages.get(from) : null;
		return (recorded != null) ? recorded : page(jobs, from, limit);
	}

	private static byte[] page(List<Map<String, Object>> jobs, int from, int limit) {
		int to = Math.min(jobs.size(), from + limit);
		Map<String, Object> page = new java.util.LinkedHashMap<>();
		page.put("jobs", jobs.subList(from, to));
		page.put("next_cursor", (to < jobs.size()) ? Integer.toString(to) : null);
		return JsonMapper.shared().writeValueAsString(page).getBytes(StandardCharsets.UTF_8);
	}

	static Map<String, Object> completedParseJob() {
		List<Map<String, Object>> chunks = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			List<Map<String, Object>> blocks = new ArrayList<>();
			for (int b = 0; b < 3; b++) {
				blocks.add(Map.of("type", (b == 0) ? "Title" : "Text", "content", "Block " + b + " of chunk " + i
						+ ": quarterly revenue grew in every region.", "bbox",
						Map.of("left", 0.1, "top", 0.1 * b, "width", 0.8, "height", 0.05, "page", i + 1, "original_page",
								i + 1),
						"confidence", "high"));
			}
			chunks.add(Map.of("content", "# Chunk " + i + "\nQuarterly revenue grew in every region.", "embed",
					"# Chunk " + i + "\nQuarterly revenue grew in every region.", "enrichment_success", false, "blocks",
					blocks));
		}
		Map<String, Object> result = new java.util.LinkedHashMap<>();
		result.put("job_id", "a1b9090e-c9ae-420b-9726-f658afbbe338");
		result.put("duration", 4.7);
		result.put("usage", Map.of("num_pages", 3, "credits", 3.0));
		result.put("pdf_url", "https://storage.example.com/a1b9090e.pdf");
		result.put("studio_link", "https://studio.reducto.ai/job/a1b9090e-c9ae-420b-9726-f658afbbe338");
		result.put("result", Map.of("type", "full", "chunks", chunks));
		Map<String, Object> job = new java.util.LinkedHashMap<>();
		job.put("status", "Completed");
		job.put("progress", null);
		job.put("reason", null);
		job.put("type", "Parse");
		job.put("num_pages", 3);
		job.put("total_pages", 3);
		job.put("duration", 4.81);
		job.put("created_at", "2026-11-30T18:04:18.123456Z");
		job.put("raw_config", "{\"input\": \"reducto://50c07046.pdf\", \"async\": {\"priority\": false}}");
		job.put("source", null);
		job.put("bucket", null);
		job.put("result", result);
		return job;
	}

	private static List<Map<String, Object>> listedJobs() {
		String[] statuses = { "Completed", "Completed", "Completed", "Failed", "InProgress", "Pending", "Cancelled" };
		Instant newest = Instant.parse("2026-11-30T18:00:00Z");
		List<Map<String, Object>> jobs = new ArrayList<>(JOBS);
		for (int i = 0; i < JOBS; i++) {
			Map<String, Object> job = new java.util.LinkedHashMap<>();
			job.put("job_id", new java.util.UUID(0x5eed_0000_0000_0000L + i, i).toString());
			job.put("status", statuses[i % statuses.length]);
			job.put("type", "Parse");
			job.put("raw_config", "{\"input\": \"reducto://file-" + i + ".pdf\"}");
			job.put("created_at", newest.minus(Duration.ofMillis(1234L * i)).toString());
			job.put("num_pages", 3);
			job.put("total_pages", 3);
			job.put("duration", 4.25);
			job.put("source", null);
			job.put("bucket", null);
			jobs.add(job);
		}
		return jobs;
	}

}
