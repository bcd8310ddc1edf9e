package io.github.reductospring.client.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.github.reductospring.client.error.JobNotFoundException;
import io.github.reductospring.client.error.ReductoException;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.retry.ReductoRetryPolicies;
import io.github.reductospring.client.tracking.JobTracker.ReadReason;

/**
 * What a {@link JobTracker} does on its thread, tick after tick: reads the jobs it watches (each on its own schedule
 * while few are watched, all together from list pages from {@link TrackingSettings#bulkThreshold()} on), takes part
 * in the cluster when the registry is shared ({@link ClusterCoordination}), applies what it reads (recording and
 * publishing each change once) and ends the watches. {@link Watches} keeps the watches themselves ({@code entries}),
 * the tracker the public API. Everything here runs on the tracker's thread, except where a method says otherwise.
 */
final class RefreshLoop {

	// The tracker's category: what users set for the tracker's logging applies here too.
	private static final Log logger = LogFactory.getLog(JobTracker.class);

	/** How often the loop looks for due work. */
	static final Duration TICK = Duration.ofMillis(50);

	/** How long closing waits for the last changes to be recorded. */
	private static final Duration CLOSING_WRITE_TIMEOUT = Duration.ofSeconds(5);

	private final JobTracker.JobSource source;

	private final TrackingSettings settings;

	private final PollingSettings polling;

	private final TrackedJobRegistry registry;

	/** The tracker's watches, by job id: shared with it. */
	private final Map<String, WatchedJob> entries;

	private final JobUpdates updates;

	/**
	 * With a shared registry only: the lease, and the registry reads that replace polling on the other instances.
	 */
	private final @Nullable ClusterCoordination cluster;

	private final Supplier<Scheduler> scheduler;

	private final BooleanSupplier closed;

	/** Ends seen in the last hour (at most 100,000), for failure ratios over a recent window. */
	private final RecentEnds recentEnds = new RecentEnds();

	/** Status changes seen and not yet written to the registry. */
	private final StatusRecorder changes;

	/** Reads of single jobs, by why they were made. */
	private final Map<ReadReason, LongAdder> readsByReason = new EnumMap<>(ReadReason.class);

	/** Reads sent and not yet answered. */
	private final AtomicInteger readsInFlight = new AtomicInteger();

	/** The thread the loop runs on, once started. */
	private volatile @Nullable Thread thread;

	private boolean bulkInFlight;

	private long nextBulkAt;

	RefreshLoop(JobTracker.JobSource source, TrackingSettings settings, PollingSettings polling,
			TrackedJobRegistry registry, Map<String, WatchedJob> entries, JobUpdates updates,
			@Nullable ClusterCoordination cluster, Supplier<Scheduler> scheduler, BooleanSupplier closed) {
		this.source = source;
		this.settings = settings;
		this.polling = polling;
		this.registry = registry;
		this.entries = entries;
		this.updates = updates;
		this.scheduler = scheduler;
		this.closed = closed;
		this.cluster = cluster;
		this.changes = new StatusRecorder(registry, updates, scheduler);
		for (ReadReason reason : ReadReason.values()) {
			this.readsByReason.put(reason, new LongAdder());
		}
	}

	/** Runs the loop on the tracker's scheduler from now on, until the returned handle is disposed. Any thread. */
	Disposable start() {
		scheduler().schedule(() -> this.thread = Thread.currentThread());
		return Flux.interval(TICK, TICK, scheduler()).subscribe((tick) -> refreshDueJobs());
	}

	/**
	 * Records and publishes, on the tracker's thread once it is done with what it is doing, the changes seen and not
	 * yet recorded: otherwise an update published while {@link JobTracker#updates()} completes is lost, although
	 * marked published, and the next poller reads again what this one read. Bounded: a registry that does not answer
	 * leaves them to the next poller. Any thread.
	 */
	void recordPendingChangesBeforeClosing() {
		if (Thread.currentThread() == this.thread) {
			this.changes.record();
			return;
		}
		CountDownLatch recorded = new CountDownLatch(1);
		try {
			scheduler().schedule(() -> {
				try {
					this.changes.record();
				}
				finally {
					recorded.countDown();
				}
			});
			if (!recorded.await(CLOSING_WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("The last job status changes were not recorded within " + CLOSING_WRITE_TIMEOUT
						+ "; the next poller reads them again");
			}
		}
		catch (RejectedExecutionException alreadyStopped) {
			// nothing runs on the tracker's thread any more
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Reads the job on the tracker's thread, once it is registered (at once, or when its registration is answered): a
	 * webhook said it ended, and with webhooks the next scan may be the 30-second safety net. Any thread.
	 */
	void fetchSoon(WatchedJob entry) {
		scheduler().schedule(() -> {
			if (!entry.registered) {
				entry.fetchWhenRegistered = true; // a shared registry is still writing it
			}
			else if (!entry.ended && !entry.fetching) {
				fetch(entry, ReadReason.WEBHOOK);
			}
		});
	}

	private void refreshDueJobs() {
		if (this.closed.getAsBoolean()) {
			return;
		}
		long now = now();
		if (this.cluster != null) {
			this.changes.recordInBackground();
			this.cluster.tick(now);
			if (!this.cluster.isPoller()) {
				return; // another instance polls for the cluster; its records end the waits here
			}
		}
		List<WatchedJob> active = new ArrayList<>();
		for (WatchedJob entry : this.entries.values()) {
			if (!entry.ended && entry.registered) {
				active.add(entry);
			}
		}
		if (active.isEmpty()) {
			return;
		}
		if (active.size() >= this.settings.bulkThreshold() || this.settings.webhooksExpected()) {
			if (!this.bulkInFlight && now >= this.nextBulkAt) {
				refreshInBulk(active, now);
			}
			return;
		}
		for (WatchedJob entry : active) {
			if (!entry.fetching && now >= entry.nextPollAt) {
				fetch(entry, ReadReason.POLL);
			}
		}
	}

	/** One {@code GET /job/{id}}: a poll, or the result of a job that ended. */
	private void fetch(WatchedJob entry, ReadReason reason) {
		this.readsByReason.get(reason).increment();
		entry.fetching = true;
		this.readsInFlight.incrementAndGet();
		this.source.get(entry.jobId)
			.publishOn(scheduler())
			.doFinally((signal) -> this.readsInFlight.decrementAndGet())
			.subscribe((job) -> {
				entry.fetching = false;
				entry.nextPollAt = now() + entry.nextDelay(this.polling);
				apply(entry, job);
			}, (failure) -> {
				entry.fetching = false;
				if (this.closed.getAsBoolean()) {
					return; // an answer for a stopped tracker, or its thread refusing it: the next poller reads the job
				}
				entry.nextPollAt = now() + entry.nextDelay(this.polling);
				// A job just submitted may not be readable everywhere yet; any other unknown id ends its tracking.
				if (failure instanceof JobNotFoundException) {
					if (!entry.justSubmitted) {
						end(entry, null, failure);
					}
				}
				else if (isPermanent(failure)) {
					end(entry, null, failure);
				}
				// Transient failures were already retried by the client; the next refresh tries again, the deadline bounds it.
			});
	}

	private void refreshInBulk(List<WatchedJob> active, long now) {
		Duration interval = this.settings.webhooksExpected() ? this.settings.webhookInterval()
				: this.settings.bulkInterval();
		this.nextBulkAt = now + interval.toNanos();
		BulkScan scan = BulkScan.of(active);
		if (scan == null) {
			return;
		}
		this.bulkInFlight = true;
		this.readsInFlight.incrementAndGet();
		scan.run(this.source)
			.publishOn(scheduler())
			.doFinally((signal) -> this.readsInFlight.decrementAndGet())
			.subscribe((seen) -> {
				this.bulkInFlight = false;
				List<WatchedJob> endedInList = new ArrayList<>();
				for (Job job : seen) {
					WatchedJob entry = this.entries.get(job.jobId());
					if (entry != null && !entry.ended) {
						if (job.isTerminal()) {
							endedInList.add(entry);
						}
						else {
							apply(entry, job);
						}
					}
				}
				readEnds(endedInList);
				// Not in the list as far as it was read (created before the scan's bound): read on their own when due.
				long later = now();
				for (String id : scan.unseen()) {
					WatchedJob entry = this.entries.get(id);
					if (entry != null && !entry.ended && !entry.fetching && later >= entry.nextPollAt) {
						fetch(entry, ReadReason.UNSEEN_IN_LIST);
					}
				}
			}, (failure) -> {
				this.bulkInFlight = false;
				if (this.closed.getAsBoolean()) {
					return;
				}
				if (isPermanent(failure)) {
					for (String id : scan.wanted()) {
						WatchedJob entry = this.entries.get(id);
						if (entry != null && !entry.ended) {
							end(entry, null, failure);
						}
					}
				}
			});
	}

	/**
	 * Reads the jobs a list showed ended, for their results. With a shared registry, the registry is asked first: the
	 * instance a webhook reached may have recorded the end already, and its row ends the watches here without a read.
	 */
	private void readEnds(List<WatchedJob> ended) {
		ended.removeIf((entry) -> entry.fetching);
		if (this.cluster == null || ended.isEmpty()) {
			ended.forEach((entry) -> fetch(entry, ReadReason.ENDED_IN_LIST));
			return;
		}
		ended.forEach((entry) -> entry.fetching = true);
		List<String> ids = ended.stream().map((entry) -> entry.jobId).toList();
		this.readsInFlight.incrementAndGet();
		Mono.fromCallable(() -> this.registry.findAll(ids))
			.subscribeOn(Schedulers.boundedElastic())
			.publishOn(scheduler())
			.doFinally((signal) -> this.readsInFlight.decrementAndGet())
			.subscribe((rows) -> readEndsNotRecorded(ended, rows), (failure) -> {
				logger.warn("Could not read the tracked job registry; reading the ended jobs from Reducto: " + failure);
				readEndsNotRecorded(ended, Map.of());
			});
	}

	private void readEndsNotRecorded(List<WatchedJob> ended, Map<String, TrackedJobRegistry.TrackedJob> rows) {
		for (WatchedJob entry : ended) {
			entry.fetching = false;
			if (entry.ended || this.closed.getAsBoolean()) {
				continue;
			}
			TrackedJobRegistry.TrackedJob row = rows.get(entry.jobId);
			Job recorded = (row != null && row.hasEnded()) ? row.ended() : null;
			if (recorded != null) {
				finishFromRecord(entry, recorded);
			}
			else {
				fetch(entry, ReadReason.ENDED_IN_LIST);
			}
		}
	}

	/**
	 * Whether waiting longer cannot mend this failure (a wrong key, a forbidden or deleted job, a malformed answer):
	 * the client's own retry rules say so of the API's answers. Such a failure ends the waits at once instead of at
	 * their deadline. Anything else (a scheduler that refused work, a bug) is not the API's word on the job: it is
	 * tried again at the next refresh, and the deadline bounds it.
	 */
	private static boolean isPermanent(Throwable failure) {
		return failure instanceof ReductoException && !ReductoRetryPolicies.isRetryableIdempotent(failure);
	}

	/**
	 * Records what was seen; reports a change once; finishes a job that ended, read whole (the ends a list shows go to
	 * {@link #readEnds} first).
	 */
	private void apply(WatchedJob entry, Job job) {
		if (entry.ended) {
			return;
		}
		JobStatus before = entry.recorded;
		JobStatus now = job.status();
		// GET /job/{id} reports a running job as Pending: never step back from PROCESSING to PENDING.
		if (before == JobStatus.PROCESSING && now == JobStatus.PENDING) {
			return;
		}
		entry.lastSeen = job;
		entry.justSubmitted = false;
		// Reported only when the registry records the change: a registry shared by several trackers lets one report it.
		if (before != now) {
			this.changes.add(entry, before, job);
			// A shared registry is written once per tick for all changes; one in memory at once, as before.
			if (this.cluster == null && !this.changes.record()) {
				return; // the next refresh sees the change again and records it then
			}
		}
		if (now.isTerminal()) {
			end(entry, job, null);
		}
	}

	/** Ends a watch: with the job as it ended (already recorded as ended), or with a failure (no longer watched). */
	void end(WatchedJob entry, @Nullable Job job, @Nullable Throwable failure) {
		entry.ended = true;
		this.entries.remove(entry.jobId, entry);
		if (this.cluster != null) {
			this.cluster.ended(entry.jobId);
		}
		if (job != null) {
			this.recentEnds.record(job.status());
			entry.done.tryEmitValue(job);
		}
		else {
			if (entry.registered) {
				forget(entry.jobId);
			}
			entry.done.tryEmitError(Objects.requireNonNull(failure));
		}
	}

	/**
	 * Ends the waits for a job whose end another instance recorded and publishes: with the job as recorded, or, when
	 * the registry left its result out and something here waits for it, once it was read for its result (expecting
	 * the recorded status, that read records and reports nothing).
	 */
	void finishFromRecord(WatchedJob entry, Job recorded) {
		boolean onlyFollowed = entry.followed != null && entry.watchers <= 1;
		if (recorded.result() == null && recorded.status() == JobStatus.COMPLETED && !onlyFollowed) {
			// The registry holds this end already: the read finds nothing to record, and writes nothing.
			entry.recorded = recorded.status();
			if (!entry.fetching) {
				fetch(entry, ReadReason.RECORDED_ELSEWHERE);
			}
			return;
		}
		finishAsRecorded(entry, recorded);
	}

	/**
	 * Publishes an end that an instance recorded and stopped before its listeners returned: with its result, read
	 * from Reducto when the registry left it out (with the job as recorded should that read fail).
	 */
	void publishUnpublished(Job recorded) {
		if (recorded.result() != null || recorded.status() != JobStatus.COMPLETED) {
			this.updates.publish(new JobUpdate(recorded, null));
			return;
		}
		this.readsByReason.get(ReadReason.RECORDED_ELSEWHERE).increment();
		this.readsInFlight.incrementAndGet();
		this.source.get(recorded.jobId())
			.publishOn(scheduler())
			.doFinally((signal) -> this.readsInFlight.decrementAndGet())
			.subscribe((job) -> this.updates.publish(new JobUpdate(job, null)), (failure) -> {
				logger.warn("Could not read the result of job " + recorded.jobId() + "; its end is published without "
						+ "it: " + failure);
				this.updates.publish(new JobUpdate(recorded, null));
			});
	}

	private void finishAsRecorded(WatchedJob entry, Job ended) {
		entry.ended = true;
		entry.lastSeen = ended;
		this.entries.remove(entry.jobId, entry);
		if (this.cluster != null) {
			this.cluster.ended(entry.jobId);
		}
		entry.done.tryEmitValue(ended);
	}

	/** Removes a job from the registry, logging a failure: the job is no longer watched here. Any thread. */
	void forget(String jobId) {
		try {
			this.registry.remove(jobId);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not remove job " + jobId + " from the tracked job registry: " + ex);
		}
	}

	/** The loop's clock, in nanoseconds: the scheduler's, virtual in tests. Any thread. */
	long now() {
		return scheduler().now(TimeUnit.NANOSECONDS);
	}

	/** Ends seen since {@code since}, at most an hour back, by terminal status. Any thread. */
	Map<JobStatus, Long> endedSince(Instant since) {
		return this.recentEnds.since(since);
	}

	/** Reads of single jobs so far, by why they were made. Any thread. */
	Map<ReadReason, Long> readsByReason() {
		Map<ReadReason, Long> reads = new EnumMap<>(ReadReason.class);
		this.readsByReason.forEach((reason, count) -> reads.put(reason, count.sum()));
		return reads;
	}

	/** Reads sent and not answered yet. Any thread. */
	int readsInFlight() {
		return this.readsInFlight.get();
	}

	private Scheduler scheduler() {
		return this.scheduler.get();
	}

}
