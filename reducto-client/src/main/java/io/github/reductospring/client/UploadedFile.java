package io.github.reductospring.client;

import org.jspecify.annotations.Nullable;

/**
 * A file uploaded to Reducto, to submit by its id.
 *
 * @param fileId the {@code reducto://} id to pass as a job's input
 * @param presignedUrl where to PUT the bytes for a large upload, when Reducto handed one out
 */
public record UploadedFile(String fileId, @Nullable String presignedUrl) {
}
