package io.github.reductospring.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import jakarta.servlet.Filter;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
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

	static final AutoConfigurations CONFIGURATIONS = reductoWith(ReductoWebhookAutoConfiguration.class,
			MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
			CompositeMeterRegistryAutoConfiguration.class);

	private final String[] BASE = emulatorProperties(reducto.emulator());

	static final String[] SVIX = { "reducto.webhook.enabled=true",
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
		return trackedRunningJob(context, reducto.emulator());
	}

	static String trackedRunningJob(ApplicationContext context, ReductoEmulator emulator) {
		// Still running, so the tracker has not reported it yet whatever the timing: the delivery is news (202).
		String jobId = emulator.seedJob("Parse", JobScript.runsForever(Duration.ZERO));
		context.getBean(JobTracker.class).track(jobId, Duration.ofSeconds(30)).subscribe((job) -> {
		}, (error) -> {
		});
		return jobId;
	}

	static byte[] delivery(String jobId) {
		return ("{\"status\":\"Completed\",\"job_id\":\"" + jobId + "\",\"metadata\":null}")
			.getBytes(StandardCharsets.UTF_8);
	}

}
