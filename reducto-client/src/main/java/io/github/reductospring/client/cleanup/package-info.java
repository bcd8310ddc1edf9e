/**
 * Deleting ended jobs older than a retention: the request, the streaming run and its report.
 */
@NullMarked
package io.github.reductospring.client.cleanup;

import org.jspecify.annotations.NullMarked;
