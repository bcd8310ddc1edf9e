package io.github.reductospring.client;

import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /jobs} should return: a page size, where to start, and whether to leave out job configurations.
 * An out-of-range limit is refused here, before any request.
 *
 * @param limit jobs per page, 1 to 500
 * @param cursor where to continue, from a previous page's {@code nextCursor}; {@code null} for the newest jobs
 * @param excludeConfigs whether to leave out each job's raw configuration (smaller pages)
 */
public record ListQuery(int limit, @Nullable String cursor, boolean excludeConfigs) {

	/** Smallest page size Reducto accepts. */
	public static final int MIN_LIMIT = 1;

	/** Largest page size Reducto accepts. */
	public static final int MAX_LIMIT = 500;

	/** Reducto's default page size. */
	public static final int DEFAULT_LIMIT = 100;

	public ListQuery {
		if (limit < MIN_LIMIT || limit > MAX_LIMIT) {
			throw new IllegalArgumentException("Job list limit must be between " + MIN_LIMIT + " and " + MAX_LIMIT
					+ " (Reducto's page size range), got " + limit);
		}
	}

	/** The first page of 100 jobs, configurations included. */
	public static ListQuery firstPage() {
		return new ListQuery(DEFAULT_LIMIT, null, false);
	}

	/** This query with another page size. */
	public ListQuery withLimit(int limit) {
		return new ListQuery(limit, this.cursor, this.excludeConfigs);
	}

	/** This query continuing at {@code cursor}. */
	public ListQuery withCursor(@Nullable String cursor) {
		return new ListQuery(this.limit, cursor, this.excludeConfigs);
	}

	/** This query with configurations left out or not. */
	public ListQuery withExcludeConfigs(boolean excludeConfigs) {
		return new ListQuery(this.limit, this.cursor, excludeConfigs);
	}

}
