package io.github.reductospring.autoconfigure;

import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import io.github.reductospring.emulator.ReductoEmulator;
import io.github.reductospring.emulator.ReductoEmulatorExtension;
import io.github.reductospring.emulator.SvixSigner;

import static io.github.reductospring.autoconfigure.ReductoTestSetup.emulatorProperties;
import static io.github.reductospring.autoconfigure.ReductoWebhookAutoConfigurationTests.SVIX;
import static io.github.reductospring.autoconfigure.ReductoWebhookAutoConfigurationTests.delivery;
import static io.github.reductospring.autoconfigure.ReductoWebhookAutoConfigurationTests.trackedRunningJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tests for {@link ReductoWebhookSecurityAutoConfiguration}: applications whose every other path requires
 * authentication, on both stacks.
 */
class ReductoWebhookSecurityAutoConfigurationTests {

	@RegisterExtension
	static ReductoEmulatorExtension reducto = new ReductoEmulatorExtension();

	private final WebApplicationContextRunner servletRunner = new WebApplicationContextRunner().withConfiguration(ReductoWebhookAutoConfigurationTests.CONFIGURATIONS)
		.withPropertyValues(emulatorProperties(reducto.emulator()));

	private final ReactiveWebApplicationContextRunner reactiveRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(ReductoWebhookAutoConfigurationTests.CONFIGURATIONS)
		.withPropertyValues(emulatorProperties(reducto.emulator()));

	private static final AutoConfigurations SERVLET_SECURITY = AutoConfigurations.of(SecurityAutoConfiguration.class,
			ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
			ReductoWebhookSecurityAutoConfiguration.class);

	private static final AutoConfigurations REACTIVE_SECURITY = AutoConfigurations.of(
			ReactiveWebSecurityAutoConfiguration.class, ReactiveUserDetailsServiceAutoConfiguration.class,
			ReductoWebhookSecurityAutoConfiguration.class);

	@Test
	void servletDeliveriesPassWhileEveryOtherPathStillNeedsAuthentication() {
		this.servletRunner.withConfiguration(SERVLET_SECURITY)
			.withPropertyValues(SVIX)
			.run((context) -> {
				MockMvc mvc = securedServlet(context);
				String jobId = trackedRunningJob(context, reducto.emulator());
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
		this.servletRunner.withConfiguration(SERVLET_SECURITY)
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
		this.servletRunner.withConfiguration(SERVLET_SECURITY)
			.withPropertyValues(SVIX)
			.withPropertyValues("reducto.webhook.security.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean("reductoWebhookSecurityFilterChain");
				// Refused by CSRF protection, before the signature could be checked.
				signedServletDelivery(securedServlet(context), trackedRunningJob(context, reducto.emulator()))
					.andExpect(status().is(403));
			});
	}

	@Test
	void servletApplicationsOwnChainKeepsItsRulesForOtherPaths() {
		this.servletRunner.withConfiguration(SERVLET_SECURITY)
			.withPropertyValues(SVIX)
			.withUserConfiguration(ApplicationServletSecurity.class)
			.run((context) -> {
				MockMvc mvc = securedServlet(context);
				signedServletDelivery(mvc, trackedRunningJob(context, reducto.emulator())).andExpect(status().is(202));
				mvc.perform(post("/anything-else")).andExpect(status().is(403));
			});
	}

	@Test
	void reactiveDeliveriesPassWhileEveryOtherPathStillNeedsAuthentication() {
		this.reactiveRunner.withConfiguration(REACTIVE_SECURITY)
			.withPropertyValues(SVIX)
			.run((context) -> {
				WebTestClient client = securedReactive(context);
				String jobId = trackedRunningJob(context, reducto.emulator());
				signedReactiveDelivery(client, jobId).expectStatus().isEqualTo(202);
				client.get().uri("/anything-else").exchange().expectStatus().isUnauthorized();
				client.get().uri("/reducto/webhook").exchange().expectStatus().isUnauthorized();
				// Other paths keep CSRF protection.
				client.post().uri("/anything-else").exchange().expectStatus().isForbidden();
			});
	}

	@Test
	void reactiveChainCanBeSwitchedOffAndThenSecurityRefusesDeliveries() {
		this.reactiveRunner.withConfiguration(REACTIVE_SECURITY)
			.withPropertyValues(SVIX)
			.withPropertyValues("reducto.webhook.security.enabled=false")
			.run((context) -> signedReactiveDelivery(securedReactive(context), trackedRunningJob(context, reducto.emulator()))
				.expectStatus()
				.isForbidden());
	}

	@Test
	void reactiveApplicationsOwnChainKeepsItsRulesAndNoDefaultIsAdded() {
		this.reactiveRunner.withConfiguration(REACTIVE_SECURITY)
			.withPropertyValues(SVIX)
			.withUserConfiguration(ApplicationReactiveSecurity.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean("reductoDefaultSecurityWebFilterChain");
				WebTestClient client = securedReactive(context);
				signedReactiveDelivery(client, trackedRunningJob(context, reducto.emulator())).expectStatus().isEqualTo(202);
				client.post().uri("/anything-else").exchange().expectStatus().isForbidden();
			});
	}

	static MockMvc securedServlet(ApplicationContext context) {
		return MockMvcBuilders
			.routerFunctions(context.getBean("reductoWebhookRoute",
					org.springframework.web.servlet.function.RouterFunction.class))
			.addFilters(context.getBean("springSecurityFilterChain", Filter.class))
			.build();
	}

	static ResultActions signedServletDelivery(MockMvc mvc, String jobId) throws Exception {
		byte[] body = delivery(jobId);
		long ts = Instant.now().getEpochSecond();
		return mvc.perform(post("/reducto/webhook").contentType(MediaType.APPLICATION_JSON)
			.header("svix-id", "msg_" + jobId)
			.header("svix-timestamp", Long.toString(ts))
			.header("svix-signature", SvixSigner.sign(ReductoEmulator.DEFAULT_SIGNING_SECRET, "msg_" + jobId, ts, body))
			.content(body));
	}

	static WebTestClient securedReactive(ApplicationContext context) {
		return WebTestClient
			.bindToRouterFunction(context.getBean("reductoWebhookRoute",
					org.springframework.web.reactive.function.server.RouterFunction.class))
			.webFilter(context.getBean(WebFilterChainProxy.class))
			.build();
	}

	static WebTestClient.ResponseSpec signedReactiveDelivery(WebTestClient client, String jobId) {
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
