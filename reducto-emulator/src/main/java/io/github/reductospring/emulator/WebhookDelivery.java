package io.github.reductospring.emulator;

import java.net.URI;

/**
 * A webhook the emulator sent when a job ended.
 *
 * @param jobId the job
 * @param mode {@code svix} or {@code direct}
 * @param target where it was sent
 * @param deliveryId the {@code svix-id} (for direct mode, an id of the emulator's own)
 * @param status the receiver's answer, or 0 when it could not be reached
 * @param attempt the attempt number, from 1
 */
public record WebhookDelivery(String jobId, String mode, URI target, String deliveryId, int status, int attempt) {
}
