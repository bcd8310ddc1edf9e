/**
 * A {@code TrackedJobRegistry} in a relational database through Spring JDBC (PostgreSQL; H2 for tests): shared by the
 * instances of an application, it elects one poller and keeps what must outlive a restart.
 */
@NullMarked
package io.github.reductospring.tracking.jdbc;

import org.jspecify.annotations.NullMarked;
