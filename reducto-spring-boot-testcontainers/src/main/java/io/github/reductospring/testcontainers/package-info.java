/**
 * The Reducto emulator as a Testcontainers container, and {@code @ServiceConnection} support for it.
 */
@NullMarked
package io.github.reductospring.testcontainers;

import org.jspecify.annotations.NullMarked;
