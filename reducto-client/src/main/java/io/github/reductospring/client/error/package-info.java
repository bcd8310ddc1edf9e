/**
 * Exceptions for everything that can go wrong with a Reducto call, by cause.
 */
@NullMarked
package io.github.reductospring.client.error;

import org.jspecify.annotations.NullMarked;
