package io.github.reductospring.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

/**
 * The jobs and the clock they follow: creation from scripts, lookup, the newest-first list with its cursors,
 * cancellation and deletion.
 */
final class JobStore {

	/** The configuration seeded jobs report, as if submitted with a document URL. */
	private static final String SEEDED_CONFIG = "{\"input\":\"https://example.com/seeded.pdf\"}";

	private static final Duration DEFAULT_DELETION_TIME = Duration.ofMillis(200);

	private final EmulatorClock clock;

	private final Map<String, EmulatedJob> jobs = new ConcurrentHashMap<>();

	private final NavigableMap<Long, EmulatedJob> newestFirst = new ConcurrentSkipListMap<>(Collections.reverseOrder());

	private final AtomicLong sequence = new AtomicLong();

	private final ConcurrentLinkedQueue<JobScript> nextScripts = new ConcurrentLinkedQueue<>();

	private final Supplier<JobScript> initialDefaultScripts;

	private volatile Supplier<JobScript> defaultScripts;

	/** How long a deleted job reads as "deletion in progress" (409) before it reads as deleted (410). */
	private volatile Duration deletionTime = DEFAULT_DELETION_TIME;

	JobStore(EmulatorClock clock, Supplier<JobScript> defaultScripts) {
		this.clock = clock;
		this.initialDefaultScripts = defaultScripts;
		this.defaultScripts = defaultScripts;
	}

	EmulatorClock clock() {
		return this.clock;
	}

	Instant now() {
		return this.clock.instant();
	}

	/** A job submitted now, following the next queued script or the default one. */
	EmulatedJob submit(String type, String rawConfig, @Nullable JsonNode asyncOptions) {
		JobScript script = this.nextScripts.poll();
		return create(type, (script != null) ? script : this.defaultScripts.get(), rawConfig, asyncOptions, now());
	}

	/** A job as if submitted with a document URL at {@code createdAt}. */
	EmulatedJob seed(String type, JobScript script, Instant createdAt) {
		return create(type, script, SEEDED_CONFIG, null, createdAt);
	}

	private EmulatedJob create(String type, JobScript script, String rawConfig, @Nullable JsonNode asyncOptions,
			Instant createdAt) {
		long seq = this.sequence.incrementAndGet();
		EmulatedJob job = new EmulatedJob(UUID.randomUUID().toString(), seq, type, createdAt, script, rawConfig,
				asyncOptions);
		this.jobs.put(job.id, job);
		this.newestFirst.put(seq, job);
		return job;
	}

	@Nullable EmulatedJob find(String jobId) {
		return this.jobs.get(jobId);
	}

	/** Requests deletion: the job leaves the list at once; reads see it being deleted, then deleted. */
	void delete(EmulatedJob job) {
		job.delete(now());
		this.newestFirst.remove(job.sequence);
	}

	/** Whether a deleted job still reads as being deleted (409) rather than deleted (410). */
	boolean isBeingDeleted(Instant deletedAt) {
		return now().isBefore(deletedAt.plus(this.deletionTime));
	}

	/**
	 * One page of the newest-first list.
	 * @param cursor where to continue, or {@code null} for the newest
	 * @param limit the page size
	 * @return the page, or {@code null} for a cursor this emulator did not hand out
	 */
	@Nullable Page page(@Nullable String cursor, int limit) {
		NavigableMap<Long, EmulatedJob> view = this.newestFirst;
		if (cursor != null && !cursor.isEmpty()) {
			Long after = decodeCursor(cursor);
			if (after == null) {
				return null;
			}
			view = this.newestFirst.tailMap(after, false);
		}
		List<EmulatedJob> jobs = new ArrayList<>(Math.min(limit, 512));
		for (EmulatedJob job : view.values()) {
			if (jobs.size() == limit) {
				break;
			}
			jobs.add(job);
		}
		EmulatedJob last = jobs.isEmpty() ? null : jobs.get(jobs.size() - 1);
		boolean more = last != null && !view.tailMap(last.sequence, false).isEmpty();
		return new Page(jobs, more ? encodeCursor(last.sequence) : null);
	}

	void scriptNextJobs(List<JobScript> scripts) {
		this.nextScripts.addAll(scripts);
	}

	void defaultScripts(Supplier<JobScript> scripts) {
		this.defaultScripts = Objects.requireNonNull(scripts);
	}

	void deletionTime(Duration deletionTime) {
		this.deletionTime = Objects.requireNonNull(deletionTime);
	}

	void reset() {
		this.defaultScripts = this.initialDefaultScripts;
		this.deletionTime = DEFAULT_DELETION_TIME;
		this.jobs.clear();
		this.newestFirst.clear();
		this.nextScripts.clear();
	}

	private static String encodeCursor(long sequence) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(("seq:" + sequence).getBytes(StandardCharsets.UTF_8));
	}

	private static @Nullable Long decodeCursor(String cursor) {
		try {
			String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			return text.startsWith("seq:") ? Long.parseLong(text.substring(4)) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * One page of jobs.
	 *
	 * @param jobs the jobs, newest first
	 * @param nextCursor where the next page starts, {@code null} on the last
	 */
	record Page(List<EmulatedJob> jobs, @Nullable String nextCursor) {
	}

}
