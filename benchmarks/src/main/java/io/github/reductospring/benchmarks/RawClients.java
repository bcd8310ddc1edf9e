package io.github.reductospring.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The floor {@link HttpClientBenchmark} measures this client against: what an application would write by hand, with
 * the same headers and a connection pool of the same size, decoding into records (dates left as text). No retries,
 * no deadline, no error mapping.
 */
final class RawClients implements AutoCloseable {

	static final String API_KEY = "benchmark-key";

	private final JsonMapper json = JsonMapper.builder().build();

	private final ConnectionProvider nettyPool = pool("raw-netty");

	private final ConnectionProvider webClientPool = pool("raw-webclient");

	private final HttpClient netty;

	private final ConnectionProvider connectorPool = pool("raw-connector");

	private final WebClient webClient;

	private final ReactorClientHttpConnector connector;

	private final String base;

	RawClients(URI baseUrl) {
		this.netty = HttpClient.create(this.nettyPool)
			.baseUrl(baseUrl.toString())
			.headers((headers) -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + API_KEY)
				.set(HttpHeaderNames.ACCEPT, "application/json"));
		this.webClient = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(this.webClientPool)))
			.baseUrl(baseUrl.toString())
			.defaultHeader("Authorization", "Bearer " + API_KEY)
			.defaultHeader("Accept", "application/json")
			.build();
		this.connector = new ReactorClientHttpConnector(HttpClient.create(this.connectorPool));
		this.base = baseUrl.toString();
	}

	/** Spring's connector, which this client sends over, used by hand: the floor of Spring's HTTP abstraction. */
	Mono<RawJob> connectorGet(String jobId) {
		return this.connector.connect(HttpMethod.GET, URI.create(this.base + "/job/" + jobId), (request) -> {
			request.getHeaders().set("Authorization", "Bearer " + API_KEY);
			request.getHeaders().set("Accept", "application/json");
			return request.setComplete();
		}).flatMap((response) -> DataBufferUtils.join(response.getBody()).map((buffer) -> {
			try {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				return this.json.readValue(bytes, RawJob.class);
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		}));
	}

	private static ConnectionProvider pool(String name) {
		return ConnectionProvider.builder(name)
			.maxConnections(500)
			.pendingAcquireMaxCount(-1)
			.maxIdleTime(Duration.ofSeconds(20))
			.build();
	}

	Mono<RawJob> nettyGet(String jobId) {
		return this.netty.get().uri("/job/" + jobId).responseSingle((response, body) -> {
			if (response.status().code() != 200) {
				return Mono.error(new IllegalStateException("HTTP " + response.status()));
			}
			return body.asByteArray().map((bytes) -> this.json.readValue(bytes, RawJob.class));
		});
	}

	Mono<RawJob> webClientGet(String jobId) {
		return this.webClient.get().uri("/job/{id}", jobId).retrieve().bodyToMono(RawJob.class);
	}

	Mono<Long> nettyListAll(int limit) {
		return listAll((cursor) -> this.netty.get()
			.uri("/jobs?limit=" + limit + ((cursor != null) ? "&cursor=" + cursor : ""))
			.responseSingle((response, body) -> body.asByteArray()
				.map((bytes) -> this.json.readValue(bytes, RawPage.class))));
	}

	Mono<Long> webClientListAll(int limit) {
		return listAll((cursor) -> this.webClient.get()
			.uri((uri) -> uri.path("/jobs").queryParam("limit", limit).queryParamIfPresent("cursor",
					java.util.Optional.ofNullable(cursor)).build())
			.retrieve()
			.bodyToMono(RawPage.class));
	}

	private static Mono<Long> listAll(java.util.function.Function<@Nullable String, Mono<RawPage>> page) {
		return page.apply(null)
			.expand((previous) -> (previous.next_cursor() != null) ? page.apply(previous.next_cursor()) : Mono.empty())
			.concatMapIterable(RawPage::jobs)
			.count();
	}

	@Override
	public void close() {
		this.nettyPool.dispose();
		this.webClientPool.dispose();
		this.connectorPool.dispose();
	}

	record RawJob(@Nullable String job_id, String status, @Nullable String type, @Nullable Double progress,
			@Nullable String reason, @Nullable JsonNode result, @Nullable String created_at, @Nullable Double duration,
			@Nullable Integer num_pages, @Nullable Integer total_pages, @Nullable String raw_config) {
	}

	record RawPage(List<RawJob> jobs, @Nullable String next_cursor) {
	}

}
