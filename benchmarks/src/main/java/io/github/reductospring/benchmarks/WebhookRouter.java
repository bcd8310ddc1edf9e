package io.github.reductospring.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/** Sends each webhook delivery to a random live instance, as a load balancer would; counts refusals. */
final class WebhookRouter implements AutoCloseable {

	private final HttpServer server;

	private final List<ClusterInstanceProcess> live = new CopyOnWriteArrayList<>();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final AtomicLong refused = new AtomicLong();

	private final AtomicLong delivered = new AtomicLong();

	private WebhookRouter(HttpServer server) {
		this.server = server;
	}

	static WebhookRouter start() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
		server.setExecutor(Executors.newFixedThreadPool(16));
		WebhookRouter router = new WebhookRouter(server);
		server.createContext("/hook", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			int status = router.forward(exchange.getRequestHeaders(), body);
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		server.start();
		return router;
	}

	URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/hook");
	}

	void add(ClusterInstanceProcess instance) {
		this.live.add(instance);
	}

	void remove(ClusterInstanceProcess instance) {
		this.live.remove(instance);
	}

	long refused() {
		return this.refused.get();
	}

	long delivered() {
		return this.delivered.get();
	}

	private int forward(Map<String, List<String>> headers, byte[] body) {
		this.delivered.incrementAndGet();
		List<ClusterInstanceProcess> candidates = new ArrayList<>(this.live);
		Collections.shuffle(candidates, ThreadLocalRandom.current());
		for (ClusterInstanceProcess instance : candidates) {
			HttpRequest.Builder request = HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + instance.webhookPort() + "/hook"))
				.timeout(Duration.ofSeconds(15))
				.POST(HttpRequest.BodyPublishers.ofByteArray(body));
			headers.forEach((name, values) -> {
				if (name.toLowerCase(Locale.ROOT).startsWith("svix-")
						|| name.toLowerCase(Locale.ROOT).startsWith("webhook-")) {
					values.forEach((value) -> request.header(name, value));
				}
			});
			try {
				int status = this.client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
				if (status / 100 != 2) {
					this.refused.incrementAndGet();
				}
				return status;
			}
			catch (IOException unreachable) {
				// a load balancer moves on to the next instance
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		this.refused.incrementAndGet();
		return 502;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
