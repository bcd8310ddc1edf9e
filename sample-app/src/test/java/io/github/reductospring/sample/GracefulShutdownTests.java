package io.github.reductospring.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.tracking.JobTracker;
import io.github.reductospring.emulator.JobScript;
import io.github.reductospring.emulator.ReductoEmulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A request waiting for a job when the application shuts down gracefully gets its answer: the tracker stops only
 * after the web server's graceful shutdown has let in-flight requests finish.
 */
class GracefulShutdownTests {

	@Test
	void aRequestAwaitingAJobIsAnsweredDuringAGracefulShutdown() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class,
				AwaitEndpoint.class)
			.web(WebApplicationType.REACTIVE)
			.initializers(new EmbeddedEmulator())
			.run("--server.port=0", "--server.address=127.0.0.1", "--server.shutdown=graceful",
					"--sample.run-on-startup=false", "--reducto.polling.initial-interval=100ms",
					"--reducto.polling.jitter=0ms");
		try {
			ReductoEmulator emulator = context.getBean(ReductoEmulator.class);
			String id = emulator.seedJob("Parse", JobScript.completesAfter(Duration.ofMillis(500), Duration.ofSeconds(1)));
			int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
			CompletableFuture<HttpResponse<String>> answer = HttpClient.newHttpClient()
				.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/await/" + id)).build(),
						HttpResponse.BodyHandlers.ofString());
			JobTracker tracker = context.getBean(JobTracker.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> tracker.isTracking(id));
			// Shut down while the request waits for its job.
			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
			HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("COMPLETED");
			closing.get(30, TimeUnit.SECONDS);
		}
		finally {
			context.close();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class AwaitEndpoint {

		@Bean
		RouterFunction<ServerResponse> awaitRoute(ReactiveJobOperations jobs) {
			return RouterFunctions.route()
				.GET("/await/{id}", (request) -> jobs.await(request.pathVariable("id"), Duration.ofSeconds(20))
					.flatMap((job) -> ServerResponse.ok().bodyValue(job.status().name())))
				.build();
		}

	}

}
