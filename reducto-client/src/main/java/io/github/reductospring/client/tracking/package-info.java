/**
 * The job tracker: watches any number of jobs until they end, with the fewest requests, and the registry of the jobs
 * it watches.
 */
@NullMarked
package io.github.reductospring.client.tracking;

import org.jspecify.annotations.NullMarked;
