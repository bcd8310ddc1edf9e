package io.github.reductospring.client.webhook;

/**
 * What to answer a webhook delivery.
 *
 * @param status the HTTP status
 * @param message a short reason, for the sender's logs
 */
public record WebhookResponse(int status, String message) {

	/** Whether the delivery is acknowledged. */
	public boolean accepted() {
		return this.status >= 200 && this.status < 300;
	}

}
