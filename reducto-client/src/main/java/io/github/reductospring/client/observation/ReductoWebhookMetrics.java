package io.github.reductospring.client.observation;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.github.reductospring.client.webhook.WebhookReceiver;

/**
 * Webhook deliveries answered by a {@link WebhookReceiver}, by outcome ({@code reducto.webhook.deliveries}): one tag
 * value per {@link WebhookReceiver.Outcome} (accepted, duplicate, already-reported, other-application, other-instance,
 * rejected, retry-later). The tag is a closed set; never a job or delivery id.
 */
public final class ReductoWebhookMetrics implements MeterBinder {

	private final WebhookReceiver receiver;

	public ReductoWebhookMetrics(WebhookReceiver receiver) {
		this.receiver = receiver;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (WebhookReceiver.Outcome outcome : WebhookReceiver.Outcome.values()) {
			FunctionCounter
				.builder("reducto.webhook.deliveries", this.receiver,
						(receiver) -> receiver.deliveries().getOrDefault(outcome, 0L))
				.description("Webhook deliveries answered, by outcome")
				.tag("outcome", outcome.tag())
				.register(registry);
		}
	}

}
