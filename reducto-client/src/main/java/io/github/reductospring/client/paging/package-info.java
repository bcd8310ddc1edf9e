/**
 * Demand-driven walks over the cursor-paged job list, reactive and blocking.
 */
@NullMarked
package io.github.reductospring.client.paging;

import org.jspecify.annotations.NullMarked;
