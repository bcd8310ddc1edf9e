/**
 * Ahead-of-time processing and native images: the client's runtime hints.
 */
@NullMarked
package io.github.reductospring.client.aot;

import org.jspecify.annotations.NullMarked;
