/**
 * The scheduled retention sweep that deletes old Reducto jobs.
 */
@NullMarked
package io.github.reductospring.autoconfigure.cleanup;

import org.jspecify.annotations.NullMarked;
