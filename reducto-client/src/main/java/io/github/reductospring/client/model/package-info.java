/**
 * The job model users read: jobs, their lifecycle status, pages and typed results.
 */
@NullMarked
package io.github.reductospring.client.model;

import org.jspecify.annotations.NullMarked;
