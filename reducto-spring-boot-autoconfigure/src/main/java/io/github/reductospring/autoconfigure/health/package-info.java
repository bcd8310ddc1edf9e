/**
 * Actuator health for the Reducto API and the jobs this application tracks.
 */
@NullMarked
package io.github.reductospring.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
