/**
 * The HTTP pipeline every Reducto call goes through: pacing, retries, the call deadline, observation, decoding and
 * error mapping. The operations say what each call sends and what its answer means; this package says how it travels.
 */
@NullMarked
package io.github.reductospring.client.http;

import org.jspecify.annotations.NullMarked;
