/**
 * Harnesses that measure tracking cost, observation overhead and cleanup, with reports.
 */
@NullMarked
package io.github.reductospring.benchmarks;

import org.jspecify.annotations.NullMarked;
