/**
 * The API: reactive and blocking operations on Reducto jobs, their request types and the builder. The
 * implementation over the {@link io.github.reductospring.client.http HTTP pipeline} is package-private.
 */
@NullMarked
package io.github.reductospring.client;

import org.jspecify.annotations.NullMarked;
