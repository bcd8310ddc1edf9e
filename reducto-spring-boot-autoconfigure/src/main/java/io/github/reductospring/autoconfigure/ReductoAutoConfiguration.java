package io.github.reductospring.autoconfigure;


import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.reductospring.client.JobOperations;
import io.github.reductospring.client.ReactiveJobOperations;
import io.github.reductospring.client.ReductoClientBuilder;
import io.github.reductospring.client.http.ReductoCallObserver;
import io.github.reductospring.client.http.ReductoHttpPipeline;
import io.github.reductospring.client.tracking.ClusterCoordination;
import io.github.reductospring.client.tracking.JobTracker;
import io.github.reductospring.client.tracking.TrackedJobRegistry;
import io.github.reductospring.client.webhook.WebhookSettings;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the Reducto client, built in the order data flows: the
 * {@link ReductoHttpPipeline} (over Boot's connector choice and {@code spring.http.clients.*} settings: straight
 * over the Reactor Netty client Boot would build, or over another connector; through a WebClient
 * from Boot's {@link WebClient.Builder} when there are {@link ReductoWebClientCustomizer}s), the
 * {@link JobTracker} that reads jobs through it and keeps them in a {@link TrackedJobRegistry}, and the
 * {@link ReactiveJobOperations} and {@link JobOperations} over both. Each backs off for a bean of the application's.
 * <p>
 * No request is made at startup. A missing API key or a bad setting fails startup with a failure analysis that names
 * the property.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration",
		"org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration",
		"org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration" })
@ConditionalOnClass({ WebClient.class, ClientHttpConnectorBuilder.class, ReactiveJobOperations.class })
@EnableConfigurationProperties(ReductoProperties.class)
public final class ReductoAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ReductoAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(ReductoConnectionDetails.class)
	PropertiesReductoConnectionDetails reductoConnectionDetails(ReductoProperties properties) {
		return new PropertiesReductoConnectionDetails(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	JobOperations jobOperations(ReactiveJobOperations reactiveJobOperations) {
		return JobOperations.blocking(reactiveJobOperations);
	}

	@Bean
	@ConditionalOnMissingBean
	JobTrackerLifecycle jobTrackerLifecycle(ObjectProvider<JobTracker> jobTracker, ReductoProperties properties,
			ApplicationEventPublisher publisher) {
		return new JobTrackerLifecycle(jobTracker::getIfUnique,
				properties.getTracking().isPublishEvents() ? publisher : null);
	}

	/** The webhook settings, shared by submissions and the receiver; a direct-mode token is generated if unset. */
	@Bean
	@ConditionalOnBooleanProperty("reducto.webhook.enabled")
	@ConditionalOnMissingBean
	WebhookSettings reductoWebhookSettings(ReductoProperties properties) {
		ReductoWebhookProperties webhook = properties.getWebhook();
		String token = webhook.getDirectToken();
		if (webhook.getMode() == WebhookSettings.Mode.DIRECT && (token == null || token.isBlank())) {
			token = java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID();
			logger.warn("reducto.webhook.direct-token is not set: using a token generated at startup, so deliveries "
					+ "for jobs submitted before a restart will be refused. Set it to keep deliveries across restarts.");
		}
		String directToken = token;
		return ReductoSettingNames.fromProperties(() -> webhook.toSettings(directToken),
				"Set the reducto.webhook.* property named above, or set reducto.webhook.enabled=false.");
	}

	/**
	 * The client's own parts, unless the application defines its {@link ReactiveJobOperations}: made when the
	 * context starts, as Boot's client auto-configurations do. No request is made, and the tracker's thread starts with
	 * its first job (at startup with a shared registry, whose tracker takes part in the cluster from then on).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(ReactiveJobOperations.class)
	static class ClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ReductoHttpPipeline reductoHttpPipeline(ReductoProperties properties, ReductoConnectionDetails connection,
				ObjectProvider<WebClient.Builder> webClientBuilder,
				ObjectProvider<ReductoWebClientCustomizer> customizers,
				ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
				ObjectProvider<HttpClientSettings> httpClientSettings, ObjectProvider<ReductoCallObserver> observer,
				ObjectProvider<JsonMapper> jsonMapper) {
			ReductoClientBuilder builder = ReductoClientSetup.connection(ReductoClientSetup.settings(properties,
					connection), properties, connectorBuilder, httpClientSettings);
			builder.observer(observer.getIfAvailable(() -> ReductoCallObserver.NOOP));
			jsonMapper.ifAvailable(builder::jsonMapper);
			// Through a WebClient started from Boot's builder, so that the application's WebClient customizers and
			// Boot's observations apply to Reducto's calls too; then the customizers for Reducto's calls alone.
			builder.webClientBuilder(() -> webClientBuilder.getIfAvailable(WebClient::builder));
			customizers.orderedStream().forEach((customizer) -> builder.customizer(customizer::customize));
			return builder.buildPipeline();
		}

		@Bean
		@ConditionalOnMissingBean
		TrackedJobRegistry trackedJobRegistry(ReductoProperties properties) {
			if (properties.getTracking().getStore() == ReductoTrackingProperties.Store.JDBC) {
				throw new ReductoConfigurationException("reducto.tracking.store=jdbc, but the JDBC job registry could "
						+ "not be set up: it needs reducto-tracking-jdbc and spring-boot-jdbc on the class path and a "
						+ "DataSource bean.", "Add io.github.reductospring:reducto-tracking-jdbc and "
								+ "spring-boot-starter-jdbc with a DataSource, or set reducto.tracking.store=memory.");
			}
			return TrackedJobRegistry.inMemory();
		}

		@Bean
		@ConditionalOnMissingBean
		JobTracker jobTracker(ReductoHttpPipeline pipeline, TrackedJobRegistry registry, ReductoProperties properties,
				ObjectProvider<WebhookSettings> webhook, Environment environment,
				ObjectProvider<ClusterCoordination> cluster) {
			return new JobTracker(ReductoClientBuilder.jobSource(pipeline),
					ReductoClientSetup.tracking(properties, webhook.getIfAvailable() != null, environment),
					ReductoClientSetup.polling(properties), registry, cluster.getIfUnique());
		}

		@Bean
		ReactiveJobOperations reactiveJobOperations(ReductoHttpPipeline pipeline, JobTracker jobTracker,
				ObjectProvider<WebhookSettings> webhook) {
			ReductoClientBuilder builder = ReactiveJobOperations.builder();
			webhook.ifAvailable(builder::webhook);
			return builder.build(pipeline, jobTracker);
		}

	}

	/** The tracker of operations the application defined itself. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ReactiveJobOperations.class)
	@ConditionalOnMissingBean(JobTracker.class)
	static class ApplicationOperationsTrackerConfiguration {

		@Bean
		JobTracker jobTracker(ReactiveJobOperations reactiveJobOperations) {
			// Made at startup, with the operations the application made: the lifecycle finds it then.
			return reactiveJobOperations.tracker();
		}

	}

}
