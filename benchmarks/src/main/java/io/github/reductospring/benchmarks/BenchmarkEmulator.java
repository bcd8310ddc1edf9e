package io.github.reductospring.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.reductospring.emulator.ReductoEmulator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The emulator the benchmarks measure against: the emulator jar in its own JVM (so that its threads and heap do not
 * count), or in this process (for the smoke tests); with its counts of requests per route and answers per status.
 */
final class BenchmarkEmulator implements AutoCloseable {

	private final URI baseUrl;

	private final Process process;

	private final ReductoEmulator inProcess;

	private BenchmarkEmulator(URI baseUrl, Process process, ReductoEmulator inProcess) {
		this.baseUrl = baseUrl;
		this.process = process;
		this.inProcess = inProcess;
	}

	/** An emulator started in this process (for smoke tests). */
	static BenchmarkEmulator inProcess(ReductoEmulator emulator) {
		return new BenchmarkEmulator(emulator.baseUrl(), null, emulator);
	}

	/**
	 * The emulator jar in its own JVM, with these options, on a port it binds itself and reports (a port found free
	 * beforehand can be taken by another process before the emulator binds it).
	 */
	static BenchmarkEmulator startProcess(Path jar, List<String> arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx1g", "-jar", jar.toString(), "--port", "0"));
		command.addAll(arguments);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		CompletableFuture<URI> listening = new CompletableFuture<>();
		Thread output = new Thread(() -> {
			// Read to the end, so that the emulator never blocks on a full pipe; the first line that says where it
			// listens gives its URL.
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = lines.readLine(); line != null; line = lines.readLine()) {
					if (line.startsWith(LISTENING)) {
						listening.complete(URI.create(line.substring(LISTENING.length()).split(" ")[0]));
					}
				}
			}
			catch (IOException ex) {
				// the process ended
			}
			listening.completeExceptionally(new IllegalStateException("The emulator ended before it listened"));
		}, "benchmark-emulator-output");
		output.setDaemon(true);
		output.start();
		URI baseUrl;
		try {
			baseUrl = listening.get(60, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			process.destroyForcibly();
			throw new IllegalStateException("The emulator did not start within 60 s", ex);
		}
		return new BenchmarkEmulator(baseUrl, process, null);
	}

	/** What the emulator prints once it listens, seeded and serving, followed by its base URL. */
	private static final String LISTENING = "Reducto emulator listening on ";

	URI baseUrl() {
		return this.baseUrl;
	}

	Map<String, Long> stats() throws Exception {
		if (this.inProcess != null) {
			return this.inProcess.routeCounts();
		}
		return counts("/_emulator/stats");
	}

	/** Answers per status; the in-process emulator (smoke test) reports none. */
	Map<String, Long> statuses() throws Exception {
		return (this.inProcess != null) ? Map.of() : counts("/_emulator/statuses");
	}

	private Map<String, Long> counts(String path) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(this.baseUrl.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
		JsonNode counts = JsonMapper.shared().readTree(response.body());
		Map<String, Long> stats = new TreeMap<>();
		counts.propertyNames().forEach((name) -> stats.put(name, counts.get(name).asLong()));
		return stats;
	}

	@Override
	public void close() throws InterruptedException {
		if (this.inProcess != null) {
			this.inProcess.close();
		}
		if (this.process != null) {
			this.process.destroy();
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
	}

}
