/**
 * A local, Reducto-compatible HTTP server for tests, the sample application and containers.
 */
@NullMarked
package io.github.reductospring.emulator;

import org.jspecify.annotations.NullMarked;
