/**
 * Micrometer observations and metrics for Reducto calls and jobs. Used only when Micrometer is on the classpath.
 */
@NullMarked
package io.github.reductospring.client.observation;

import org.jspecify.annotations.NullMarked;
