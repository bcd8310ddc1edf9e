package io.github.reductospring.client.model;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of {@code GET /jobs}, newest jobs first.
 *
 * @param jobs the jobs on this page
 * @param nextCursor the cursor of the next page, {@code null} when this is the last
 */
public record JobPage(List<Job> jobs, @Nullable String nextCursor) {

	public JobPage {
		jobs = List.copyOf(jobs);
	}

	/** Whether the server announced another page. */
	public boolean hasNext() {
		return this.nextCursor != null && !this.nextCursor.isEmpty();
	}

}
