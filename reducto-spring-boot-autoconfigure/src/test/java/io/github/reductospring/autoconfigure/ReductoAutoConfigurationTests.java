package io.github.reductospring.autoconfigure;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

import io.github.reductospring.client.JobOperations;
import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.SubmitRequest;
import io.github.reductospring.client.error.ReductoTimeoutException;
import io.github.reductospring.client.http.ReductoHttpPipeline;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.tracking.JobTracker;
import io.github.reductospring.emulator.Fault;
import io.github.reductospring.emulator.JobScript;
import io.github.reductospring.emulator.ReductoEmulatorExtension;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import static io.github.reductospring.autoconfigure.ReductoTestSetup.emulatorProperties;
import static io.github.reductospring.autoconfigure.ReductoTestSetup.reductoWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ReductoAutoConfiguration}.
 */
class ReductoAutoConfigurationTests {

	/** How long a test waits for a call at most. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	static ReductoEmulatorExtension reducto = new ReductoEmulatorExtension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(reductoWith());

	private ApplicationContextRunner withEmulator() {
		return this.contextRunner.withPropertyValues(emulatorProperties(reducto.emulator()))
			.withPropertyValues("reducto.retry.delay=10ms", "reducto.retry.jitter=0ms");
	}

	@Test
	void providesWorkingOperationsForTheConfiguredApi() {
		String id = reducto.emulator().seedJob("Parse", JobScript.completesImmediately());
		withEmulator().run((context) -> {
			assertThat(context).hasSingleBean(ReactiveJobOperations.class)
				.hasSingleBean(JobOperations.class)
				.hasSingleBean(ReductoConnectionDetails.class);
			assertThat(context.getBean(JobOperations.class).get(id).status()).isEqualTo(JobStatus.COMPLETED);
		});
		assertThat(reducto.emulator().requests()).singleElement()
			.satisfies((request) -> assertThat(request.header("Authorization"))
				.isEqualTo("Bearer " + reducto.emulator().apiKey()));
	}

	@Test
	void makesNoRequestAtStartup() {
		withEmulator().run((context) -> assertThat(context).hasSingleBean(JobOperations.class));
		assertThat(reducto.emulator().requests()).isEmpty();
	}

	@Test
	void missingApiKeyFailsStartupWithAnAnalysisNamingWhatToSet() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new ReductoConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("no API key");
			assertThat(analysis.getAction()).contains("reducto.api-key", "REDUCTO_API_KEY");
		});
	}

	@Test
	void apiKeyComesFromTheEnvironmentVariable() {
		this.contextRunner.withPropertyValues("reducto.base-url=" + reducto.emulator().baseUrl())
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addLast(new SystemEnvironmentPropertySource("systemEnvironment",
						Map.of("REDUCTO_API_KEY", reducto.emulator().apiKey()))))
			.run((context) -> {
				assertThat(context.getBean(ReductoConnectionDetails.class).getApiKey())
					.isEqualTo(reducto.emulator().apiKey());
				context.getBean(JobOperations.class).list(io.github.reductospring.client.ListQuery.firstPage());
			});
	}

	@Test
	void baseUrlAndEnvironmentTogetherFailStartup() {
		this.contextRunner
			.withPropertyValues("reducto.api-key=k", "reducto.base-url=http://localhost:1", "reducto.environment=eu")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new ReductoConfigurationFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("reducto.base-url and reducto.environment are both set");
				assertThat(analysis.getAction()).contains("Set only one");
			});
	}

	@Test
	void aBaseUrlThatIsNotHttpFailsStartupWithAFailureAnalysis() {
		for (String url : new String[] { "ftp://files.example.com", "http://host with space.example.com",
				"platform.reducto.ai" }) {
			this.contextRunner.withPropertyValues("reducto.api-key=k", "reducto.base-url=" + url).run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new ReductoConfigurationFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).as(url).isNotNull();
				assertThat(analysis.getDescription()).contains("reducto.base-url");
				assertThat(analysis.getAction()).contains("http", "https");
			});
		}
	}

	@Test
	void environmentSelectsTheRegion() {
		this.contextRunner.withPropertyValues("reducto.api-key=k", "reducto.environment=eu")
			.run((context) -> assertThat(context.getBean(ReductoConnectionDetails.class).getBaseUrl())
				.isEqualTo(URI.create("https://eu.platform.reducto.ai")));
		this.contextRunner.withPropertyValues("reducto.api-key=k")
			.run((context) -> assertThat(context.getBean(ReductoConnectionDetails.class).getBaseUrl())
				.isEqualTo(URI.create("https://platform.reducto.ai")));
	}

	@Test
	void invalidRetrySettingsFailStartupNamingTheProperty() {
		withEmulator().withPropertyValues("reducto.retry.delay=100ms", "reducto.retry.jitter=200ms").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new ReductoConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("reducto.retry.jitter");
		});
	}

	@Test
	void userConnectionDetailsTakeOver() {
		this.contextRunner.withPropertyValues("reducto.base-url=http://localhost:1", "reducto.api-key=ignored")
			.withBean(ReductoConnectionDetails.class, () -> new ReductoConnectionDetails() {
				@Override
				public URI getBaseUrl() {
					return reducto.emulator().baseUrl();
				}

				@Override
				public String getApiKey() {
					return reducto.emulator().apiKey();
				}
			})
			.run((context) -> {
				assertThat(context).hasSingleBean(ReductoConnectionDetails.class)
					.doesNotHaveBean(PropertiesReductoConnectionDetails.class);
				context.getBean(JobOperations.class).list(io.github.reductospring.client.ListQuery.firstPage());
			});
		assertThat(reducto.emulator().requestCount("GET", "/jobs")).isEqualTo(1);
	}

	@Test
	void userReactiveOperationsTakeOverAndBackTheBlockingOnes() {
		withEmulator().withUserConfiguration(UserReactiveOperations.class).run((context) -> {
			assertThat(context).hasSingleBean(ReactiveJobOperations.class);
			assertThat(context.getBean(ReactiveJobOperations.class))
				.isSameAs(context.getBean(UserReactiveOperations.class).operations);
			assertThat(context).hasSingleBean(JobOperations.class);
		});
	}

	@Test
	void userBlockingOperationsTakeOver() {
		JobOperations mine = JobOperations.blocking(ReactiveJobOperations.builder().apiKey("k").build());
		withEmulator().withBean(JobOperations.class, () -> mine)
			.run((context) -> assertThat(context.getBean(JobOperations.class)).isSameAs(mine));
	}

	@Test
	void customizersApplyToTheReductoClientOnlyAndInOrder() {
		withEmulator().withUserConfiguration(Customizers.class).run((context) -> {
			context.getBean(JobOperations.class).list(io.github.reductospring.client.ListQuery.firstPage());
			assertThat(context.getBean(WebClient.Builder.class).build()).isNotNull();
		});
		assertThat(reducto.emulator().requests()).singleElement()
			.satisfies((request) -> assertThat(request.header("X-Team")).isEqualTo("second"));
	}

	@Test
	void readTimeoutApplies() {
		reducto.emulator().injectFault(Fault.delay(Duration.ofSeconds(3)));
		withEmulator().withPropertyValues("reducto.read-timeout=200ms", "reducto.retry.enabled=false")
			.run((context) -> assertThatExceptionOfType(ReductoTimeoutException.class)
				.isThrownBy(() -> context.getBean(JobOperations.class).get("x")));
	}

	@Test
	void backsOffWithoutWebClient() {
		withEmulator().withClassLoader(new FilteredClassLoader(WebClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ReactiveJobOperations.class)
				.doesNotHaveBean(JobOperations.class));
	}

	@Test
	void backsOffWithoutTheClientLibrary() {
		withEmulator().withClassLoader(new FilteredClassLoader(ReactiveJobOperations.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ReductoConnectionDetails.class)
				.doesNotHaveBean("jobOperations"));
	}

	@Test
	void propertiesNeverShowTheApiKey() {
		withEmulator().withPropertyValues("reducto.api-key=sk-live-secret").run((context) -> {
			assertThat(context.getBean(ReductoProperties.class).toString()).doesNotContain("sk-live-secret");
			assertThat(context.getBean(ReductoConnectionDetails.class).toString()).doesNotContain("sk-live-secret");
		});
	}

	@Test
	void bindsEveryProperty() {
		withEmulator()
			.withPropertyValues("reducto.retry.max-retries=5", "reducto.retry.max-delay=20s",
					"reducto.retry.call-timeout=1m", "reducto.polling.initial-interval=2s",
					"reducto.polling.max-interval=30s", "reducto.max-response-size=8MB", "reducto.connect-timeout=3s")
			.run((context) -> {
				ReductoProperties properties = context.getBean(ReductoProperties.class);
				assertThat(properties.getRetry().getMaxRetries()).isEqualTo(5);
				assertThat(properties.getRetry().getMaxDelay()).isEqualTo(Duration.ofSeconds(20));
				assertThat(properties.getRetry().getCallTimeout()).isEqualTo(Duration.ofMinutes(1));
				assertThat(properties.getPolling().getInitialInterval()).isEqualTo(Duration.ofSeconds(2));
				assertThat(properties.getMaxResponseSize().toMegabytes()).isEqualTo(8);
				assertThat(properties.getConnectTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(context).hasSingleBean(JobOperations.class);
			});
	}

	@Test
	void configurationMetadataIsGeneratedForIdes() throws Exception {
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).isNotNull();
			String metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			assertThat(metadata).contains("\"reducto.api-key\"", "\"reducto.retry.max-retries\"",
					"\"reducto.polling.max-interval\"", "API key sent as a Bearer token");
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class UserReactiveOperations {

		final ReactiveJobOperations operations = ReactiveJobOperations.builder().apiKey("user").build();

		@Bean
		ReactiveJobOperations myOperations() {
			return this.operations;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Customizers {

		@Bean
		@Order(2)
		ReductoWebClientCustomizer second() {
			return (builder) -> builder.defaultHeader("X-Team", "second");
		}

		@Bean
		@Order(1)
		ReductoWebClientCustomizer first() {
			return (builder) -> builder.defaultHeader("X-Team", "first");
		}

	}

	@Test
	void readsAndWritesJsonWithACopyOfTheApplicationsMapper() {
		withEmulator().withUserConfiguration(ApplicationJson.class).run((context) -> {
			JsonMapper applicationMapper = context.getBean(JsonMapper.class);
			context.getBean(JobOperations.class)
				.submit(SubmitRequest.parse("https://x.com/a.pdf")
					.metadata(Map.of("customer", new CustomerId(42)))
					.build());
			// The application's serializer applies to job metadata...
			assertThat(reducto.emulator().requests()).singleElement()
				.satisfies((request) -> assertThat(request.body()).contains("\"customer\":\"cust-42\""));
			// ...and the wire's snake_case naming went to the client's copy, not to the application's mapper.
			assertThat(applicationMapper.writeValueAsString(new Named("x"))).isEqualTo("{\"firstName\":\"x\"}");
		});
	}

	record CustomerId(int value) {
	}

	record Named(String firstName) {
	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationJson {

		@Bean
		JsonMapper applicationJsonMapper() {
			SimpleModule customerIds = new SimpleModule().addSerializer(CustomerId.class,
					new ValueSerializer<CustomerId>() {

						@Override
						public void serialize(CustomerId id, JsonGenerator generator, SerializationContext context) {
							generator.writeString("cust-" + id.value());
						}

					});
			return JsonMapper.builder().addModule(customerIds).build();
		}

	}

	@Test
	void startupMakesNoRequestAndNoTrackerThreadUntilTheTrackerHasWork() {
		String id = reducto.emulator().seedJob("Parse", JobScript.completesImmediately());
		// Trackers of earlier tests are closed: their threads end.
		await().atMost(Duration.ofSeconds(10)).until(() -> trackerThreads() == 0);
		withEmulator().run((context) -> {
			assertThat(context).hasSingleBean(ReductoHttpPipeline.class).hasSingleBean(JobTracker.class);
			assertThat(context.getBean(JobTrackerLifecycle.class).isPublishingEvents()).isTrue();
			assertThat(reducto.emulator().requests()).isEmpty();
			assertThat(trackerThreads()).isZero();
			context.getBean(JobOperations.class).await(id, Duration.ofSeconds(5));
			assertThat(trackerThreads()).isOne();
		});
	}

	private static long trackerThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().startsWith("reducto-tracker-"))
			.count();
	}

	@Test
	void theOperationsAreTheSameBeansOnceMade() {
		withEmulator().run((context) -> {
			ReactiveJobOperations operations = context.getBean(ReactiveJobOperations.class);
			assertThat(operations.tracker()).isSameAs(context.getBean(JobTracker.class));
			assertThat(operations.toString()).doesNotContain(reducto.emulator().apiKey());
		});
	}

	@Test
	void callsRunOnTheClientsOwnConnectionPool() throws Exception {
		// A pool of one connection: Boot's shared pool would open one per concurrent call.
		assertThat(connectionsForEightConcurrentCalls()).isEqualTo(1);
	}

	@Test
	void callsThroughACustomizedWebClientRunOnTheClientsOwnConnectionPoolToo() throws Exception {
		assertThat(connectionsForEightConcurrentCalls(Customizers.class)).isEqualTo(1);
	}

	/** How many connections eight concurrent reads open with {@code reducto.http.max-connections=1}. */
	private int connectionsForEightConcurrentCalls(Class<?>... userConfiguration) throws Exception {
		Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
		server.setExecutor(Executors.newFixedThreadPool(8));
		server.createContext("/job/", (exchange) -> {
			clientPorts.add(exchange.getRemoteAddress().getPort());
			byte[] body = "{\"status\": \"Pending\"}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		try {
			this.contextRunner.withUserConfiguration(userConfiguration)
				.withPropertyValues("reducto.api-key=k", "reducto.base-url=http://127.0.0.1:" + server.getAddress().getPort(),
						"reducto.http.max-connections=1", "reducto.rate-limit.enabled=false")
				.run((context) -> {
					ReactiveJobOperations jobs = context.getBean(ReactiveJobOperations.class);
					List<Job> read = Flux.range(0, 8)
						.flatMap((i) -> jobs.get("job-" + i), 8)
						.collectList()
						.block(TIMEOUT);
					assertThat(read).hasSize(8);
				});
			return clientPorts.size();
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void theApplicationsWebClientCustomizersApplyToReductosCallsInEveryKindOfApplication() {
		String[] properties = emulatorProperties(reducto.emulator());
		AutoConfigurations configurations = reductoWith();
		List<AbstractApplicationContextRunner<?, ?, ?>> runners = List.of(new ApplicationContextRunner(),
				new WebApplicationContextRunner(), new ReactiveWebApplicationContextRunner());
		for (AbstractApplicationContextRunner<?, ?, ?> runner : runners) {
			reducto.emulator().reset();
			runner.withConfiguration(configurations)
				.withPropertyValues(properties)
				.withUserConfiguration(ApplicationWideWebClientCustomizer.class)
				.run((context) -> context.getBean(JobOperations.class)
					.list(io.github.reductospring.client.ListQuery.firstPage()));
			assertThat(reducto.emulator().requests()).as(runner.getClass().getSimpleName())
				.singleElement()
				.satisfies((request) -> assertThat(request.header("X-App")).isEqualTo("all"));
		}
	}

	@Test
	void reductosOwnWebClientCustomizersApplyToItsApiCallsAndNotToResultsFetchedByUrl() {
		String id = reducto.emulator()
			.seedJob("Parse", JobScript.completesImmediately().withPages(2).withResultAsUrl());
		withEmulator().withUserConfiguration(ApplicationWideWebClientCustomizer.class, Customizers.class)
			.run((context) -> {
				JobOperations operations = context.getBean(JobOperations.class);
				assertThat(operations.parseResult(operations.get(id)).chunks()).hasSize(2);
			});
		assertThat(reducto.emulator().requests()).hasSize(2).satisfiesExactly((api) -> {
			assertThat(api.header("X-App")).isEqualTo("all");
			assertThat(api.header("X-Team")).isEqualTo("second");
		}, (result) -> {
			assertThat(result.rawPath()).startsWith("/_emulator/results/");
			assertThat(result.header("X-App")).isEqualTo("all");
			assertThat(result.header("X-Team")).isNull();
		});
		assertThat(reducto.emulator().resultUrlFetchesWithAuthorization()).isZero();
	}

	@Test
	void bootsReactorNettyConnectorSettingsReachTheClientItCallsOver() {
		// Calls go over the connector Boot's connector builder makes, customizations too, over the client's own pool.
		withEmulator().withUserConfiguration(CustomizedReactorConnector.class)
			.run((context) -> context.getBean(JobOperations.class).list(io.github.reductospring.client.ListQuery.firstPage()));
		assertThat(reducto.emulator().requests()).singleElement()
			.satisfies((request) -> assertThat(request.header("X-Connector")).isEqualTo("customized"));
	}

	@Test
	void anotherConnectorCarriesTheCallsWhenBootIsSetToIt() {
		List<Object> connectors = new CopyOnWriteArrayList<>();
		withEmulator()
			.withBean(ClientHttpConnectorBuilder.class, () -> ClientHttpConnectorBuilder.jdk().withCustomizer(connectors::add))
			.run((context) -> assertThat(context.getBean(JobOperations.class)
				.list(io.github.reductospring.client.ListQuery.firstPage())
				.jobs()).isNotNull());
		// Boot's WebClient.Builder comes with a connector of its own, which the client's (over its own pool) replaces.
		assertThat(connectors).hasSize(2)
			.allSatisfy((made) -> assertThat(made).isInstanceOf(JdkClientHttpConnector.class));
		assertThat(reducto.emulator().requests()).hasSize(1);
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizedReactorConnector {

		@Bean
		ClientHttpConnectorBuilder<?> clientHttpConnectorBuilder() {
			return ClientHttpConnectorBuilder.reactor()
				.withHttpClientCustomizer((client) -> client.headers((headers) -> headers.set("X-Connector", "customized")));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationWideWebClientCustomizer {

		@Bean
		WebClientCustomizer everyWebClient() {
			return (builder) -> builder.defaultHeader("X-App", "all");
		}

	}

	@Test
	void badConnectionPoolSettingsFailStartupNamingTheProperty() {
		withEmulator().withPropertyValues("reducto.http.max-connections=0").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new ReductoConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("reducto.http.max-connections must be at least 1, got 0");
		});
	}

}
