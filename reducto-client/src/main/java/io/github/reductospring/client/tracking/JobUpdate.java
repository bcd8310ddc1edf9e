package io.github.reductospring.client.tracking;

import org.jspecify.annotations.Nullable;

import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;

/**
 * A change of a tracked job's status, reported once.
 *
 * @param job the job as now seen (with its result, when it has ended)
 * @param previousStatus the status seen before, or {@code null} for the first sighting
 */
public record JobUpdate(Job job, @Nullable JobStatus previousStatus) {
}
