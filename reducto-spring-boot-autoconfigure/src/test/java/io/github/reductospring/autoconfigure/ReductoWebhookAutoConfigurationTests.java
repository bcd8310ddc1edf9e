package io.github.reductospring.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.test.web.servlet.ResultActions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import io.github.reductospring.client.JobOperations;
import io.github.reductospring.client.SubmitRequest;
import io.github.reductospring.client.tracking.JobTracker;
import io.github.reductospring.client.webhook.WebhookReceiver;
import io.github.reductospring.emulator.JobScript;
import io.github.reductospring.emulator.ReductoEmulator;
import io.github.reductospring.emulator.ReductoEmulatorExtension;
import io.github.reductospring.emulator.SvixSigner;
import tools.jackson.databind.json.JsonMapper;

import static io.github.reductospring.autoconfigure.ReductoTestSetup.emulatorProperties;
import static io.github.reductospring.autoconfigure.ReductoTestSetup.reductoWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tests for {@link ReductoWebhookAutoConfiguration}.
 */
class ReductoWebhookAutoConfigurationTests {

	@RegisterExtension
	static ReductoEmulatorExtension reducto = new ReductoEmulatorExtension();

	private static final AutoConfigurations CONFIGURATIONS = reductoWith(ReductoWebhookAutoConfiguration.class,
			MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
			CompositeMeterRegistryAutoConfiguration.class);

	private final String[] BASE = emulatorProperties(reducto.emulator());

	private static final String[] SVIX = { "reducto.webhook.enabled=true",
			"reducto.webhook.signing-secret=" + ReductoEmulator.DEFAULT_SIGNING_SECRET,
			"reducto.webhook.channels=prod" };

	private final ReactiveWebApplicationContextRunner reactiveRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS)
		.withPropertyValues(BASE);

	private final WebApplicationContextRunner servletRunner = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS)
		.withPropertyValues(BASE);

	@Test
	void offByDefault() {
		this.reactiveRunner.run((context) -> assertThat(context).doesNotHaveBean(WebhookReceiver.class)
			.doesNotHaveBean("reductoWebhookRoute"));
	}

	@Test
	void reactiveEndpointAcceptsSignedDeliveriesAndRefusesForgedOnes() {
		this.reactiveRunner.withPropertyValues(SVIX).run((context) -> {
			String jobId = trackedRunningJob(context);
			WebTestClient client = WebTestClient
				.bindToRouterFunction(context.getBean("reductoWebhookRoute",
						org.springframework.web.reactive.function.server.RouterFunction.class))
				.build();
			byte[] body = delivery(jobId);
			long ts = Instant.now().getEpochSecond();
			client.post()
				.uri("/reducto/webhook")
				.contentType(MediaType.APPLICATION_JSON)
				.header("svix-id", "msg_1")
				.header("svix-timestamp", Long.toString(ts))
				.header("svix-signature", SvixSigner.sign(ReductoEmulator.DEFAULT_SIGNING_SECRET, "msg_1", ts, body))
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isEqualTo(202);
			client.post()
				.uri("/reducto/webhook")
				.header("svix-id", "msg_2")
				.header("svix-timestamp", Long.toString(ts))
				.header("svix-signature", "v1,AAAA")
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isEqualTo(401);
			client.post()
				.uri("/reducto/webhook")
				.bodyValue(new byte[70 * 1024])
				.exchange()
				.expectStatus()
				.isEqualTo(413);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("reducto.webhook.deliveries").tag("outcome", "accepted").functionCounter().count())
				.isEqualTo(1);
			assertThat(meters.get("reducto.webhook.deliveries").tag("outcome", "rejected").functionCounter().count())
				.isEqualTo(2);
		});
	}

	@Test
	void theApplicationIdIsTheApplicationsNameUnlessSet() {
		this.reactiveRunner.withPropertyValues(SVIX)
			.run((context) -> assertThat(context.getBean(JobTracker.class).applicationId()).isEqualTo("application"));
		this.reactiveRunner.withPropertyValues(SVIX).withPropertyValues("spring.application.name=billing")
			.run((context) -> assertThat(context.getBean(JobTracker.class).applicationId()).isEqualTo("billing"));
		this.reactiveRunner.withPropertyValues(SVIX)
			.withPropertyValues("spring.application.name=billing", "reducto.tracking.application-id=billing-eu")
			.run((context) -> assertThat(context.getBean(JobTracker.class).applicationId()).isEqualTo("billing-eu"));
		this.reactiveRunner.withPropertyValues(SVIX)
			.withPropertyValues("reducto.tracking.application-id=" + "x".repeat(101))
			.run((context) -> assertThat(
					new ReductoConfigurationFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
				.contains("reducto.tracking.application-id", "101 characters"));
	}

	@Test
	void servletEndpointAcceptsSignedDeliveriesAndRefusesForgedOnes() {
		this.servletRunner.withPropertyValues(SVIX).withPropertyValues("reducto.webhook.path=/hooks/reducto")
			.run((context) -> {
				String jobId = trackedRunningJob(context);
				MockMvc mvc = MockMvcBuilders.routerFunctions(context.getBean("reductoWebhookRoute",
						org.springframework.web.servlet.function.RouterFunction.class)).build();
				byte[] body = delivery(jobId);
				long ts = Instant.now().getEpochSecond();
				mvc.perform(post("/hooks/reducto").contentType(MediaType.APPLICATION_JSON)
					.header("svix-id", "msg_1")
					.header("svix-timestamp", Long.toString(ts))
					.header("svix-signature", SvixSigner.sign(ReductoEmulator.DEFAULT_SIGNING_SECRET, "msg_1", ts, body))
					.content(body)).andExpect(status().is(202));
				mvc.perform(post("/hooks/reducto").content(body)).andExpect(status().is(400));
				mvc.perform(post("/hooks/reducto").content(new byte[70 * 1024])).andExpect(status().is(413));
			});
	}

	@Test
	void submissionsCarryTheConfiguredSvixWebhook() {
		this.reactiveRunner.withPropertyValues(SVIX).run((context) -> {
			context.getBean(JobOperations.class).submit(SubmitRequest.parse("https://x.com/a.pdf").build());
			String body = reducto.emulator().requests().get(0).body();
			assertThat(JsonMapper.builder().build().readTree(body).at("/async/webhook/channels/0").asString())
				.isEqualTo("prod");
		});
	}

	@Test
	void directModeSharesAGeneratedTokenBetweenSubmissionsAndTheReceiver() {
		this.reactiveRunner
			.withPropertyValues("reducto.webhook.enabled=true", "reducto.webhook.mode=direct",
					"reducto.webhook.url=https://app.example.com/reducto/webhook")
			.run((context) -> {
				JobOperations jobs = context.getBean(JobOperations.class);
				reducto.emulator().defaultScript(JobScript.runsForever(Duration.ZERO));
				String jobId = jobs.submit(SubmitRequest.parse("https://x.com/a.pdf").build());
				context.getBean(JobTracker.class).track(jobId, Duration.ofSeconds(30)).subscribe((job) -> {
				}, (error) -> {
				});
				String token = JsonMapper.builder()
					.build()
					.readTree(reducto.emulator().requests().get(0).body())
					.at("/async/metadata/reducto_spring_token")
					.asString();
				assertThat(token).hasSizeGreaterThan(16);
				byte[] body = ("{\"status\":\"Completed\",\"job_id\":\"" + jobId
						+ "\",\"metadata\":{\"reducto_spring_token\":\"" + token + "\"}}")
					.getBytes(StandardCharsets.UTF_8);
				assertThat(context.getBean(WebhookReceiver.class).receive(java.util.Map.of(), body).status())
					.isEqualTo(202);
			});
	}

	@Test
	void svixWithoutASigningSecretFailsStartupNamingTheProperty() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues(BASE)
			.withPropertyValues("reducto.webhook.enabled=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(new ReductoConfigurationFailureAnalyzer().analyze(context.getStartupFailure())
					.getDescription()).contains("reducto.webhook.signing-secret");
			});
	}

	@Test
	void directWithoutAUrlFailsStartupNamingTheProperty() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues(BASE)
			.withPropertyValues("reducto.webhook.enabled=true", "reducto.webhook.mode=direct")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(new ReductoConfigurationFailureAnalyzer().analyze(context.getStartupFailure())
					.getDescription()).contains("reducto.webhook.url");
			});
	}

	@Test
	void secretsStayOutOfToString() {
		this.reactiveRunner.withPropertyValues(SVIX).run((context) -> {
			ReductoProperties properties = context.getBean(ReductoProperties.class);
			assertThat(properties.getWebhook().toString()).doesNotContain("whsec_");
			assertThat(context.getBean(io.github.reductospring.client.webhook.WebhookSettings.class).toString())
				.doesNotContain("whsec_");
		});
	}

	private static String trackedRunningJob(ApplicationContext context) {
		// Still running, so the tracker has not reported it yet whatever the timing: the delivery is news (202).
		String jobId = reducto.emulator().seedJob("Parse", JobScript.runsForever(Duration.ZERO));
		context.getBean(JobTracker.class).track(jobId, Duration.ofSeconds(30)).subscribe((job) -> {
		}, (error) -> {
		});
		return jobId;
	}

	private static byte[] delivery(String jobId) {
		return ("{\"status\":\"Completed\",\"job_id\":\"" + jobId + "\",\"metadata\":null}")
			.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Tests for {@link ReductoWebhookSecurityAutoConfiguration}: applications whose every other path requires
	 * authentication, on both stacks.
	 */
	@Nested
	class WebhookSecurity {

		private static final AutoConfigurations SERVLET_SECURITY = AutoConfigurations.of(SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
				ReductoWebhookSecurityAutoConfiguration.class);

		private static final AutoConfigurations REACTIVE_SECURITY = AutoConfigurations.of(
				ReactiveWebSecurityAutoConfiguration.class, ReactiveUserDetailsServiceAutoConfiguration.class,
				ReductoWebhookSecurityAutoConfiguration.class);

		@Test
		void servletDeliveriesPassWhileEveryOtherPathStillNeedsAuthentication() {
			ReductoWebhookAutoConfigurationTests.this.servletRunner.withConfiguration(SERVLET_SECURITY)
				.withPropertyValues(SVIX)
				.run((context) -> {
					MockMvc mvc = securedServlet(context);
					String jobId = trackedRunningJob(context);
					signedServletDelivery(mvc, jobId).andExpect(status().is(202));
					// The signature is the authentication: a forged delivery is the receiver's to refuse.
					mvc.perform(post("/reducto/webhook").header("svix-id", "m").header("svix-timestamp", "1")
						.header("svix-signature", "v1,AAAA").content(delivery(jobId))).andExpect(status().is(401));
					mvc.perform(get("/reducto/webhook")).andExpect(status().is(401));
					mvc.perform(get("/anything-else")).andExpect(status().is(401));
					// Other paths keep CSRF protection.
					mvc.perform(post("/anything-else")).andExpect(status().is(403));
				});
		}

		@Test
		@ExtendWith(OutputCaptureExtension.class)
		void refusedDeliveriesAreCountedAndLoggedOnceAMinuteWithoutSecrets(CapturedOutput output) {
			ReductoWebhookAutoConfigurationTests.this.servletRunner.withConfiguration(SERVLET_SECURITY)
				.withPropertyValues(SVIX)
				.run((context) -> {
					MockMvc mvc = securedServlet(context);
					for (int i = 0; i < 3; i++) {
						mvc.perform(post("/reducto/webhook").header("svix-id", "m" + i).header("svix-timestamp", "1")
							.header("svix-signature", "v1,AAAA").content(delivery("job-" + i))).andExpect(status().is(401));
					}
					assertThat(context.getBean(MeterRegistry.class)
						.get("reducto.webhook.deliveries")
						.tag("outcome", "rejected")
						.functionCounter()
						.count()).isEqualTo(3);
					assertThat(output.getOut().lines().filter((line) -> line.contains("Refused a Reducto webhook delivery")))
						.hasSize(1)
						.allMatch((line) -> line.contains("(401: signature check failed"));
					assertThat(output.getOut()).doesNotContain(ReductoEmulator.DEFAULT_SIGNING_SECRET);
				});
		}

		@Test
		void servletChainCanBeSwitchedOffAndThenSecurityRefusesDeliveries() {
			ReductoWebhookAutoConfigurationTests.this.servletRunner.withConfiguration(SERVLET_SECURITY)
				.withPropertyValues(SVIX)
				.withPropertyValues("reducto.webhook.security.enabled=false")
				.run((context) -> {
					assertThat(context).doesNotHaveBean("reductoWebhookSecurityFilterChain");
					// Refused by CSRF protection, before the signature could be checked.
					signedServletDelivery(securedServlet(context), trackedRunningJob(context))
						.andExpect(status().is(403));
				});
		}

		@Test
		void servletApplicationsOwnChainKeepsItsRulesForOtherPaths() {
			ReductoWebhookAutoConfigurationTests.this.servletRunner.withConfiguration(SERVLET_SECURITY)
				.withPropertyValues(SVIX)
				.withUserConfiguration(ApplicationServletSecurity.class)
				.run((context) -> {
					MockMvc mvc = securedServlet(context);
					signedServletDelivery(mvc, trackedRunningJob(context)).andExpect(status().is(202));
					mvc.perform(post("/anything-else")).andExpect(status().is(403));
				});
		}

		@Test
		void reactiveDeliveriesPassWhileEveryOtherPathStillNeedsAuthentication() {
			ReductoWebhookAutoConfigurationTests.this.reactiveRunner.withConfiguration(REACTIVE_SECURITY)
				.withPropertyValues(SVIX)
				.run((context) -> {
					WebTestClient client = securedReactive(context);
					String jobId = trackedRunningJob(context);
					signedReactiveDelivery(client, jobId).expectStatus().isEqualTo(202);
					client.get().uri("/anything-else").exchange().expectStatus().isUnauthorized();
					client.get().uri("/reducto/webhook").exchange().expectStatus().isUnauthorized();
					// Other paths keep CSRF protection.
					client.post().uri("/anything-else").exchange().expectStatus().isForbidden();
				});
		}

		@Test
		void reactiveChainCanBeSwitchedOffAndThenSecurityRefusesDeliveries() {
			ReductoWebhookAutoConfigurationTests.this.reactiveRunner.withConfiguration(REACTIVE_SECURITY)
				.withPropertyValues(SVIX)
				.withPropertyValues("reducto.webhook.security.enabled=false")
				.run((context) -> signedReactiveDelivery(securedReactive(context), trackedRunningJob(context))
					.expectStatus()
					.isForbidden());
		}

		@Test
		void reactiveApplicationsOwnChainKeepsItsRulesAndNoDefaultIsAdded() {
			ReductoWebhookAutoConfigurationTests.this.reactiveRunner.withConfiguration(REACTIVE_SECURITY)
				.withPropertyValues(SVIX)
				.withUserConfiguration(ApplicationReactiveSecurity.class)
				.run((context) -> {
					assertThat(context).doesNotHaveBean("reductoDefaultSecurityWebFilterChain");
					WebTestClient client = securedReactive(context);
					signedReactiveDelivery(client, trackedRunningJob(context)).expectStatus().isEqualTo(202);
					client.post().uri("/anything-else").exchange().expectStatus().isForbidden();
				});
		}

		private static MockMvc securedServlet(ApplicationContext context) {
			return MockMvcBuilders
				.routerFunctions(context.getBean("reductoWebhookRoute",
						org.springframework.web.servlet.function.RouterFunction.class))
				.addFilters(context.getBean("springSecurityFilterChain", Filter.class))
				.build();
		}

		private static ResultActions signedServletDelivery(MockMvc mvc, String jobId) throws Exception {
			byte[] body = delivery(jobId);
			long ts = Instant.now().getEpochSecond();
			return mvc.perform(post("/reducto/webhook").contentType(MediaType.APPLICATION_JSON)
				.header("svix-id", "msg_" + jobId)
				.header("svix-timestamp", Long.toString(ts))
				.header("svix-signature", SvixSigner.sign(ReductoEmulator.DEFAULT_SIGNING_SECRET, "msg_" + jobId, ts, body))
				.content(body));
		}

		private static WebTestClient securedReactive(ApplicationContext context) {
			return WebTestClient
				.bindToRouterFunction(context.getBean("reductoWebhookRoute",
						org.springframework.web.reactive.function.server.RouterFunction.class))
				.webFilter(context.getBean(WebFilterChainProxy.class))
				.build();
		}

		private static WebTestClient.ResponseSpec signedReactiveDelivery(WebTestClient client, String jobId) {
			byte[] body = delivery(jobId);
			long ts = Instant.now().getEpochSecond();
			return client.post()
				.uri("/reducto/webhook")
				.contentType(MediaType.APPLICATION_JSON)
				.header("svix-id", "msg_" + jobId)
				.header("svix-timestamp", Long.toString(ts))
				.header("svix-signature", SvixSigner.sign(ReductoEmulator.DEFAULT_SIGNING_SECRET, "msg_" + jobId, ts, body))
				.bodyValue(body)
				.exchange();
		}

	}

	/** An application's own chain: everything needs an authenticated user, nothing else. */
	@Configuration(proxyBeanMethods = false)
	static class ApplicationServletSecurity {

		@Bean
		SecurityFilterChain applicationChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated()).build();
		}

	}

	/** An application's own chain on WebFlux: everything needs an authenticated user, nothing else. */
	@Configuration(proxyBeanMethods = false)
	static class ApplicationReactiveSecurity {

		@Bean
		SecurityWebFilterChain applicationChain(ServerHttpSecurity http) {
			return http.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated()).build();
		}

	}

}
