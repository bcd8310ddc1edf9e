package io.github.reductospring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.github.reductospring.client.observation.ReductoWebhookMetrics;
import io.github.reductospring.client.tracking.JobTracker;
import io.github.reductospring.client.webhook.WebhookReceiver;
import io.github.reductospring.client.webhook.WebhookSettings;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for receiving Reducto webhooks when
 * {@code reducto.webhook.enabled=true}: a {@link WebhookReceiver} and a {@code POST} endpoint at
 * {@code reducto.webhook.path} on Spring WebFlux or Spring MVC, whichever the application runs. The endpoints only
 * read the raw body (up to the size limit) and headers, and answer what the receiver decides.
 */
@AutoConfiguration(after = ReductoAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration" })
@ConditionalOnClass(WebhookReceiver.class)
@ConditionalOnBean({ WebhookSettings.class, JobTracker.class })
public final class ReductoWebhookAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WebhookReceiver reductoWebhookReceiver(WebhookSettings settings, ObjectProvider<JobTracker> tracker,
			ObjectProvider<JsonMapper> jsonMapper) {
		// The tracker is asked for at each delivery: the receiver does not make it at startup.
		return new WebhookReceiver(settings, tracker::getObject, jsonMapper.getIfAvailable(JsonMapper::shared));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ MeterRegistry.class, ReductoWebhookMetrics.class })
	@ConditionalOnBean(MeterRegistry.class)
	static class WebhookMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ReductoWebhookMetrics reductoWebhookMetrics(WebhookReceiver receiver) {
			return new ReductoWebhookMetrics(receiver);
		}

	}

	static Map<String, List<String>> headers(HttpHeaders headers) {
		Map<String, List<String>> copy = new LinkedHashMap<>();
		headers.forEach(copy::put);
		return copy;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(org.springframework.web.reactive.function.server.RouterFunction.class)
	static class ReactiveEndpointConfiguration {

		@Bean
		org.springframework.web.reactive.function.server.RouterFunction<org.springframework.web.reactive.function.server.ServerResponse> reductoWebhookRoute(
				WebhookReceiver receiver, ReductoProperties properties) {
			return org.springframework.web.reactive.function.server.RouterFunctions.route(
					org.springframework.web.reactive.function.server.RequestPredicates
						.POST(properties.getWebhook().getPath()),
					(request) -> DataBufferUtils
						.join(request.body(BodyExtractors.toDataBuffers()), receiver.maxBodyBytes())
						.map((buffer) -> {
							byte[] bytes = new byte[buffer.readableByteCount()];
							buffer.read(bytes);
							DataBufferUtils.release(buffer);
							return bytes;
						})
						.defaultIfEmpty(new byte[0])
						// Off the event loop: the receiver may consult a job registry in a database.
						.publishOn(Schedulers.boundedElastic())
						.map((body) -> receiver.receive(headers(request.headers().asHttpHeaders()), body))
						.onErrorResume(DataBufferLimitException.class,
								(tooLarge) -> Mono.just(receiver.refused(413, "delivery body too large")))
						.flatMap((answer) -> org.springframework.web.reactive.function.server.ServerResponse
							.status(answer.status())
							.contentType(MediaType.TEXT_PLAIN)
							.bodyValue(answer.message())));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(org.springframework.web.servlet.function.RouterFunction.class)
	static class ServletEndpointConfiguration {

		@Bean
		org.springframework.web.servlet.function.RouterFunction<org.springframework.web.servlet.function.ServerResponse> reductoWebhookRoute(
				WebhookReceiver receiver, ReductoProperties properties) {
			return org.springframework.web.servlet.function.RouterFunctions.route(
					org.springframework.web.servlet.function.RequestPredicates.POST(properties.getWebhook().getPath()),
					(request) -> {
						WebhookReceiver.Response answer;
						try (InputStream in = request.servletRequest().getInputStream()) {
							// Read one byte more than allowed, to tell "at the limit" from "over it".
							byte[] body = in.readNBytes(receiver.maxBodyBytes() + 1);
							answer = receiver.receive(headers(request.headers().asHttpHeaders()), body);
						}
						catch (IOException ex) {
							answer = receiver.refused(400, "could not read the delivery body");
						}
						return org.springframework.web.servlet.function.ServerResponse.status(answer.status())
							.contentType(MediaType.TEXT_PLAIN)
							.body(answer.message());
					});
		}

	}

}
