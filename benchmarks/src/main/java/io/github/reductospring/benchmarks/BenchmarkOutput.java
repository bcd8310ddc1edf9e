package io.github.reductospring.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

import io.github.reductospring.client.webhook.WebhookReceiver;

/**
 * What the benchmarks' main methods share: the webhook endpoint they run a {@link WebhookReceiver} behind, and the
 * report they print, write and end on.
 */
final class BenchmarkOutput {

	private BenchmarkOutput() {
	}

	/**
	 * A plain HTTP endpoint at {@code /hook} answering what the receiver decides, on daemon threads; 503 while there
	 * is no receiver yet. Port 0 binds any free port ({@code getAddress().getPort()} says which): a port found free
	 * beforehand can be taken by another process before it is bound.
	 */
	static HttpServer startWebhookEndpoint(int port, Supplier<@Nullable WebhookReceiver> receiver, int threads)
			throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
		server.setExecutor(Executors.newFixedThreadPool(threads, (task) -> {
			Thread thread = new Thread(task, "benchmark-webhook-receiver");
			thread.setDaemon(true);
			return thread;
		}));
		server.createContext("/hook", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			WebhookReceiver current = receiver.get();
			exchange.sendResponseHeaders((current != null) ? current.receive(exchange.getRequestHeaders(), body).status()
					: 503, -1);
			exchange.close();
		});
		server.start();
		return server;
	}

	/** Prints the report, writes it, and ends the JVM: Netty and Reactor keep non-daemon threads alive. */
	static void publishAndExit(String report, Path file) throws IOException {
		System.out.println(report);
		Files.createDirectories(file.toAbsolutePath().getParent());
		Files.writeString(file, report);
		System.out.println("Report written to " + file);
		System.exit(0);
	}

}
