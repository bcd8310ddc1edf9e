/**
 * Reactive and blocking operations on Reducto jobs over Spring's WebClient.
 */
@NullMarked
package io.github.reductospring.client;

import org.jspecify.annotations.NullMarked;
