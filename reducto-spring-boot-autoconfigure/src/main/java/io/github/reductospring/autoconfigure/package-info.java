/**
 * Auto-configuration for the Reducto client: properties, connection details and the job operation beans.
 */
@NullMarked
package io.github.reductospring.autoconfigure;

import org.jspecify.annotations.NullMarked;
