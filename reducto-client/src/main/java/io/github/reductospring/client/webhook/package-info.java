/**
 * Receiving Reducto's webhook deliveries: Svix signatures, direct-mode tokens, replay protection.
 */
@NullMarked
package io.github.reductospring.client.webhook;

import org.jspecify.annotations.NullMarked;
