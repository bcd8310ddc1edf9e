/**
 * When and how long to wait before retrying a Reducto call, as Spring Framework retry policies.
 */
@NullMarked
package io.github.reductospring.client.retry;

import org.jspecify.annotations.NullMarked;
