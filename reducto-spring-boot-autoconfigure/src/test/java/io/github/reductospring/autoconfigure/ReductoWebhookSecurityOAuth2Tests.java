package io.github.reductospring.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.servlet.MockMvc;

import io.github.reductospring.emulator.ReductoEmulatorExtension;

import static io.github.reductospring.autoconfigure.ReductoTestSetup.emulatorProperties;
import static io.github.reductospring.autoconfigure.ReductoWebhookAutoConfigurationTests.SVIX;
import static io.github.reductospring.autoconfigure.ReductoWebhookAutoConfigurationTests.trackedRunningJob;
import static io.github.reductospring.autoconfigure.ReductoWebhookSecurityAutoConfigurationTests.securedReactive;
import static io.github.reductospring.autoconfigure.ReductoWebhookSecurityAutoConfigurationTests.securedServlet;
import static io.github.reductospring.autoconfigure.ReductoWebhookSecurityAutoConfigurationTests.signedReactiveDelivery;
import static io.github.reductospring.autoconfigure.ReductoWebhookSecurityAutoConfigurationTests.signedServletDelivery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tests for {@link ReductoWebhookSecurityAutoConfiguration} in applications that sign in with OAuth2 or accept bearer
 * tokens through Boot's own chains, with no chain of their own: the webhook's chain must not make Boot's back off
 * (on WebFlux, neither may the starter's stand-in for Spring Security's default), so every other path keeps OAuth2
 * login or bearer authentication. Boot's chains and the webhook's are ordered by the auto-configurations' order alone.
 */
class ReductoWebhookSecurityOAuth2Tests {

	@RegisterExtension
	static ReductoEmulatorExtension reducto = new ReductoEmulatorExtension();

	/** One client registration, with its provider's endpoints: nothing is fetched from the provider at startup. */
	private static final String[] LOGIN = { "spring.security.oauth2.client.registration.corp.client-id=reducto-tests",
			"spring.security.oauth2.client.registration.corp.client-secret=not-a-secret",
			"spring.security.oauth2.client.registration.corp.authorization-grant-type=authorization_code",
			"spring.security.oauth2.client.registration.corp.redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
			"spring.security.oauth2.client.registration.corp.provider=corp",
			"spring.security.oauth2.client.provider.corp.authorization-uri=https://login.example.invalid/authorize",
			"spring.security.oauth2.client.provider.corp.token-uri=https://login.example.invalid/token" };

	/** Bearer tokens checked against a key set read on the first token: none is sent here. */
	private static final String BEARER = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri="
			+ "https://login.example.invalid/jwks";

	private final WebApplicationContextRunner servletRunner = new WebApplicationContextRunner()
		.withConfiguration(ReductoWebhookAutoConfigurationTests.CONFIGURATIONS)
		.withPropertyValues(emulatorProperties(reducto.emulator()))
		.withPropertyValues(SVIX);

	private final ReactiveWebApplicationContextRunner reactiveRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(ReductoWebhookAutoConfigurationTests.CONFIGURATIONS)
		.withPropertyValues(emulatorProperties(reducto.emulator()))
		.withPropertyValues(SVIX);

	@Test
	void servletOAuth2LoginStaysOnEveryOtherPath() {
		this.servletRunner
			.withConfiguration(AutoConfigurations.of(OAuth2ClientAutoConfiguration.class,
					OAuth2ClientWebSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
					ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
					ReductoWebhookSecurityAutoConfiguration.class))
			.withPropertyValues(LOGIN)
			// Sent to the provider's sign-in, not to a form or basic login.
			.run((context) -> servletDeliveryAccepted(context).perform(get("/anything-else"))
				.andExpect(status().is(302))
				.andExpect(header().string(HttpHeaders.LOCATION, "/oauth2/authorization/corp")));
	}

	@Test
	void servletBearerAuthenticationStaysOnEveryOtherPath() {
		this.servletRunner
			.withConfiguration(AutoConfigurations.of(OAuth2ResourceServerAutoConfiguration.class,
					SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
					UserDetailsServiceAutoConfiguration.class, ReductoWebhookSecurityAutoConfiguration.class))
			.withPropertyValues(BEARER)
			.run((context) -> servletDeliveryAccepted(context).perform(get("/anything-else"))
				.andExpect(status().is(401))
				.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer"))));
	}

	@Test
	void reactiveOAuth2LoginStaysOnEveryOtherPath() {
		this.reactiveRunner
			.withConfiguration(AutoConfigurations.of(ReactiveOAuth2ClientAutoConfiguration.class,
					ReactiveOAuth2ClientWebSecurityAutoConfiguration.class, ReactiveWebSecurityAutoConfiguration.class,
					ReactiveUserDetailsServiceAutoConfiguration.class, ReductoWebhookSecurityAutoConfiguration.class))
			.withPropertyValues(LOGIN)
			.run((context) -> reactiveDeliveryAccepted(context).get()
				.uri("/anything-else")
				.exchange()
				.expectStatus()
				.isFound()
				.expectHeader()
				.valueEquals(HttpHeaders.LOCATION, "/oauth2/authorization/corp"));
	}

	@Test
	void reactiveBearerAuthenticationStaysOnEveryOtherPath() {
		this.reactiveRunner
			.withConfiguration(AutoConfigurations.of(ReactiveOAuth2ResourceServerAutoConfiguration.class,
					ReactiveWebSecurityAutoConfiguration.class, ReactiveUserDetailsServiceAutoConfiguration.class,
					ReductoWebhookSecurityAutoConfiguration.class))
			.withPropertyValues(BEARER)
			.run((context) -> reactiveDeliveryAccepted(context).get()
				.uri("/anything-else")
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.value(HttpHeaders.WWW_AUTHENTICATE, (challenge) -> assertThat(challenge).startsWith("Bearer")));
	}

	/** A signed delivery passes Spring Security: the security for the rest is left to test. */
	private static MockMvc servletDeliveryAccepted(ApplicationContext context) throws Exception {
		MockMvc mvc = securedServlet(context);
		signedServletDelivery(mvc, trackedRunningJob(context, reducto.emulator())).andExpect(status().is(202));
		return mvc;
	}

	/** A signed delivery passes, and Boot's chain stands: the starter added no default of its own. */
	private static WebTestClient reactiveDeliveryAccepted(ApplicationContext context) {
		assertThat(context.containsBean("reductoDefaultSecurityWebFilterChain")).isFalse();
		WebTestClient client = securedReactive(context);
		signedReactiveDelivery(client, trackedRunningJob(context, reducto.emulator())).expectStatus().isEqualTo(202);
		return client;
	}

}
