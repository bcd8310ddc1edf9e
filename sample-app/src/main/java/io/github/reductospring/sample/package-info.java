/**
 * A sample application that uses the Reducto starter the way an application would.
 */
@NullMarked
package io.github.reductospring.sample;

import org.jspecify.annotations.NullMarked;
