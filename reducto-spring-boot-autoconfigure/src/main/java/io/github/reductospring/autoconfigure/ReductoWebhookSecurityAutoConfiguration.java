package io.github.reductospring.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

import io.github.reductospring.client.webhook.WebhookReceiver;

/**
 * {@link EnableAutoConfiguration Auto-configuration} that lets webhook deliveries through Spring Security: a filter
 * chain of its own for {@code POST reducto.webhook.path} only, first in order, stateless, without CSRF (the
 * signature, checked by the {@link WebhookReceiver}, is the delivery's authentication). Without it an application
 * with Spring Security answers deliveries 401 or 403 and every wait falls back to polling, silently. Every other path
 * keeps the application's security. Off with {@code reducto.webhook.security.enabled=false}.
 * <p>
 * Ordered after Boot's web security, so that Boot's chains, which back off for any chain, are still registered when
 * the application has none of its own: its default chain, and its OAuth2 login, resource server and SAML chains,
 * which Boot orders before its web security. On WebFlux, where Spring Security itself drops its default chain as soon
 * as one exists, the same default is registered here when Boot registered none.
 */
@AutoConfiguration(after = ReductoWebhookAutoConfiguration.class,
		afterName = { "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration" })
@ConditionalOnClass(name = "org.springframework.security.config.annotation.web.configuration.EnableWebSecurity")
@ConditionalOnBean(WebhookReceiver.class)
@ConditionalOnBooleanProperty(name = "reducto.webhook.security.enabled", matchIfMissing = true)
public final class ReductoWebhookSecurityAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass({ SecurityFilterChain.class, HttpSecurity.class, PathPatternRequestMatcher.class })
	@ConditionalOnBean(HttpSecurity.class)
	static class ServletWebhookSecurityConfiguration {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		@ConditionalOnMissingBean(name = "reductoWebhookSecurityFilterChain")
		SecurityFilterChain reductoWebhookSecurityFilterChain(HttpSecurity http, ReductoProperties properties)
				throws Exception {
			return http
				.securityMatcher(
						PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, properties.getWebhook().getPath()))
				.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.csrf((csrf) -> csrf.disable())
				.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.requestCache((cache) -> cache.disable())
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass({ SecurityWebFilterChain.class, ServerHttpSecurity.class })
	@ConditionalOnBean(ServerHttpSecurity.class)
	static class ReactiveWebhookSecurityConfiguration {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		@ConditionalOnMissingBean(name = "reductoWebhookSecurityWebFilterChain")
		SecurityWebFilterChain reductoWebhookSecurityWebFilterChain(ServerHttpSecurity http,
				ReductoProperties properties) {
			return http
				.securityMatcher(ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, properties.getWebhook().getPath()))
				.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
				.csrf((csrf) -> csrf.disable())
				.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
				.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
				.build();
		}

		/**
		 * Spring Security's own default for WebFlux (every exchange authenticated, HTTP basic and form login), which it
		 * uses only while the application defines no chain: defined here when the application has none, as the
		 * webhook's chain alone would otherwise leave every other path open. A member class, so that its condition is
		 * evaluated before the webhook's chain is registered.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnMissingBean(SecurityWebFilterChain.class)
		static class DefaultChainConfiguration {

			@Bean
			@Order(Ordered.LOWEST_PRECEDENCE)
			SecurityWebFilterChain reductoDefaultSecurityWebFilterChain(ServerHttpSecurity http) {
				return http.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated())
					.httpBasic(Customizer.withDefaults())
					.formLogin(Customizer.withDefaults())
					.build();
			}

		}

	}

}
