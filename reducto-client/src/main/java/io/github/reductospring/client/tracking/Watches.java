package io.github.reductospring.client.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.github.reductospring.client.error.JobTimeoutException;
import io.github.reductospring.client.error.JobTrackingStoppedException;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;
import io.github.reductospring.client.tracking.JobTracker.WebhookOutcome;

/**
 * A {@link JobTracker}'s watches: which jobs it watches and for how many waiters, how a job comes to be watched (a
 * wait, a job followed without a waiter, a webhook delivery) and registered, and how its watch ends short of the job's
 * end (its deadline, its last waiter gone, the tracker closed). The {@link RefreshLoop} reads the watched jobs and
 * ends their watches when they end.
 */
final class Watches {

	// The tracker's category: what users set for the tracker's logging applies here too.
	private static final Log logger = LogFactory.getLog(JobTracker.class);

	/**
	 * How much earlier than its tracking started a job is assumed created, at most, until it is seen: the server's
	 * clock may be behind ours. Bulk scans read down to the oldest watched job's creation time.
	 */
	static final Duration CLOCK_SKEW_MARGIN = Duration.ofSeconds(30);

	private final JobTracker.JobSource source;

	private final TrackingSettings settings;

	private final PollingSettings polling;

	private final TrackedJobRegistry registry;

	/** The watches, by job id: shared with the refresh loop. */
	private final Map<String, WatchedJob> entries;

	private final RefreshLoop refresh;

	/** With a shared registry only: whether this instance polls for the cluster, and the hand-overs. */
	private final @Nullable ClusterCoordination cluster;

	private final Supplier<Scheduler> scheduler;

	private final BooleanSupplier closed;

	/** Starts the tracker's loop, at the first watch. */
	private final Runnable start;

	/** With a shared registry: new watches waiting to be registered, and when each was created at the earliest. */
	private final Map<WatchedJob, Instant> unregistered = new LinkedHashMap<>();

	/** With a shared registry: whether a batch of registrations is being written. */
	private boolean registering;

	Watches(JobTracker.JobSource source, TrackingSettings settings, PollingSettings polling,
			TrackedJobRegistry registry, Map<String, WatchedJob> entries, RefreshLoop refresh,
			@Nullable ClusterCoordination cluster, Supplier<Scheduler> scheduler, BooleanSupplier closed,
			Runnable start) {
		this.source = source;
		this.settings = settings;
		this.polling = polling;
		this.registry = registry;
		this.entries = entries;
		this.refresh = refresh;
		this.cluster = cluster;
		this.scheduler = scheduler;
		this.closed = closed;
		this.start = start;
	}

	/**
	 * Watches a job; {@code known} is its registry row when the caller has just read it (the poller adopting the
	 * cluster's jobs), which spares registering it again.
	 */
	Mono<Job> watch(String jobId, Duration timeout, boolean justSubmitted, TrackedJobRegistry.@Nullable TrackedJob known) {
		return Mono.defer(() -> {
			String id = Job.checkId(jobId);
			if (timeout == null || timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException("The tracking timeout must be positive, got " + timeout);
			}
			if (this.closed.getAsBoolean()) {
				return Mono.error(new JobTrackingStoppedException(id, null));
			}
			long firstPollAt = justSubmitted ? this.refresh.now() + this.polling.initialInterval().toNanos()
					: Long.MIN_VALUE;
			// Most tracked jobs were just submitted; an older one is missed by the first scan and then read on its own.
			Instant createdNoEarlierThan = Instant.now().minus(CLOCK_SKEW_MARGIN);
			boolean[] created = new boolean[1];
			WatchedJob entry = this.entries.compute(id, (key, existing) -> {
				created[0] = (existing == null);
				WatchedJob watched = (existing != null) ? existing : new WatchedJob(key, justSubmitted, firstPollAt);
				watched.watchers++;
				return watched;
			});
			if (created[0]) {
				if (known != null) {
					this.scheduler.get().schedule(() -> registered(entry, known));
				}
				else {
					// On the tracker's thread: a registry may block (a database), and the caller may be an event loop.
					this.scheduler.get().schedule(() -> register(entry, createdNoEarlierThan));
				}
			}
			this.start.run();
			return entry.done.asMono()
				.timeout(timeout, Mono.defer(() -> timedOut(entry, timeout)), this.scheduler.get())
				// Released before the outcome reaches the caller, so that it then sees the job no longer watched.
				.doOnTerminate(() -> release(entry))
				.doOnCancel(() -> release(entry));
		});
	}

	/**
	 * Follows a job nothing here waits for, until it ends or the default deadline passes; its end is reported
	 * through the tracker's updates only.
	 * @param jobId the job
	 * @param known its registry row, when just read
	 */
	void follow(String jobId, TrackedJobRegistry.@Nullable TrackedJob known) {
		Disposable following = watch(jobId, this.settings.defaultTimeout(), false, known).subscribe((job) -> {
		}, (failure) -> {
			if (!(failure instanceof JobTrackingStoppedException)) {
				logger.warn("Job " + jobId + " could not be followed to its end: " + failure);
			}
		});
		// Which watches are followed only for the cluster is the tracker's thread's to know: the caller may be a
		// webhook's.
		this.scheduler.get().schedule(() -> {
			WatchedJob entry = this.entries.get(jobId);
			if (entry != null && entry.followed == null && entry.watchers == 1) {
				entry.followed = following;
			}
		});
	}

	/**
	 * See {@link JobTracker#onWebhook(String, String, String)}.
	 * @param anotherInstances whether the delivery says another instance submitted the job, on a registry that is not
	 * shared
	 */
	WebhookOutcome onWebhook(String jobId, @Nullable String applicationTag, boolean anotherInstances) {
		if (this.closed.getAsBoolean()) {
			return WebhookOutcome.RETRY_LATER;
		}
		WatchedJob entry = this.entries.get(jobId);
		// With a shared registry every delivery is marked on the job's row, whoever receives it: should this instance
		// die before it records the end, the poller, or the next one, reads the job 2 s later, not at its next scan.
		ClusterCoordination hands = this.cluster;
		if (entry == null || hands != null) {
			TrackedJobRegistry.TrackedJob known;
			try {
				known = this.registry.find(jobId);
				if (known != null && known.hasEnded()) {
					return WebhookOutcome.ALREADY_REPORTED;
				}
				if (known == null && !this.settings.applicationId().equals(applicationTag)) {
					return WebhookOutcome.NOT_THIS_APPLICATION;
				}
				if (known == null && anotherInstances) {
					return WebhookOutcome.OTHER_INSTANCE;
				}
				if (hands != null) {
					// Whoever hears first reports: this instance reads the job and claims its end itself.
					if (known == null) {
						registerSubmitted(hands, jobId);
					}
					hands.nudge(jobId);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Could not read the tracked job registry for a webhook delivery: " + ex);
				return WebhookOutcome.RETRY_LATER;
			}
			if (entry == null) {
				// The row just read spares registering the job again, and the webhook's read waiting for it.
				follow(jobId, known);
				entry = this.entries.get(jobId);
				if (entry == null) {
					return WebhookOutcome.ALREADY_REPORTED; // ended between the two reads
				}
			}
		}
		this.refresh.fetchSoon(entry);
		return WebhookOutcome.TRACKED;
	}

	/**
	 * Writes a job to the registry for the cluster's poller to follow to its end, created at most the clock skew
	 * margin ago and followed until the default deadline. Blocks on the registry.
	 */
	void registerSubmitted(ClusterCoordination cluster, String jobId) {
		Instant now = Instant.now();
		cluster.registerSubmitted(jobId, now.minus(CLOCK_SKEW_MARGIN), now.plus(this.settings.defaultTimeout()));
	}

	/** See {@link JobTracker#isPolling()}. */
	boolean isPolling() {
		ClusterCoordination polls = this.cluster;
		return polls == null || polls.isPoller();
	}

	boolean isTracking(String jobId) {
		return this.entries.containsKey(jobId);
	}

	/** How many jobs are watched, by their last seen status ({@code UNKNOWN} for those not seen yet). */
	Map<JobStatus, Long> byStatus() {
		Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
		for (WatchedJob entry : this.entries.values()) {
			Job seen = entry.lastSeen;
			counts.merge((seen != null) ? seen.status() : JobStatus.UNKNOWN, 1L, Long::sum);
		}
		return counts;
	}

	/** This instance no longer polls for the cluster: stop following the jobs nothing here waits for. */
	void dropFollowed() {
		for (WatchedJob entry : List.copyOf(this.entries.values())) {
			Disposable following = entry.followed;
			if (following != null) {
				entry.followed = null;
				following.dispose();
			}
		}
	}

	/** The tracker closed: every watch ends with {@link JobTrackingStoppedException}. */
	void stopAll() {
		for (WatchedJob entry : List.copyOf(this.entries.values())) {
			entry.done.tryEmitError(new JobTrackingStoppedException(entry.jobId, entry.lastSeen));
		}
		this.entries.clear();
	}

	/**
	 * Registers a new watch, on the tracker's thread: at once in a registry in memory; a shared one is written on a
	 * thread where blocking is allowed, one batch of registrations at a time (so that many new watches take one
	 * connection, not the pool), and its answers applied back here, so that a slow database holds up no watch.
	 */
	private void register(WatchedJob entry, Instant createdNoEarlierThan) {
		if (this.entries.get(entry.jobId) != entry) {
			return; // released before it was registered
		}
		if (this.cluster != null) {
			this.unregistered.put(entry, createdNoEarlierThan);
			registerInBackground();
			return;
		}
		TrackedJobRegistry.TrackedJob known;
		try {
			known = this.registry.register(entry.jobId, createdNoEarlierThan);
		}
		catch (RuntimeException ex) {
			this.refresh.end(entry, null, ex);
			return;
		}
		registeredUnlessReleased(entry, known);
	}

	/** Writes the watches waiting for registration, unless a write is under way; tracker's thread. */
	private void registerInBackground() {
		if (this.registering || this.unregistered.isEmpty()) {
			return;
		}
		Map<WatchedJob, Instant> batch = new LinkedHashMap<>(this.unregistered);
		this.unregistered.clear();
		this.registering = true;
		Mono.fromCallable(() -> {
			Map<WatchedJob, Object> answers = new LinkedHashMap<>();
			batch.forEach((entry, createdNoEarlierThan) -> {
				try {
					answers.put(entry, this.registry.register(entry.jobId, createdNoEarlierThan));
				}
				catch (RuntimeException ex) {
					answers.put(entry, ex);
				}
			});
			return answers;
		}).subscribeOn(Schedulers.boundedElastic()).publishOn(this.scheduler.get()).subscribe((answers) -> {
			this.registering = false;
			answers.forEach((entry, answer) -> {
				if (answer instanceof TrackedJobRegistry.TrackedJob known) {
					registeredUnlessReleased(entry, known);
				}
				else {
					this.refresh.end(entry, null, (RuntimeException) answer);
				}
			});
			registerInBackground();
		}, (failure) -> {
			// Only a tracker that closed meanwhile: its scheduler refused the answers.
		});
	}

	private void registeredUnlessReleased(WatchedJob entry, TrackedJobRegistry.TrackedJob known) {
		if (this.entries.get(entry.jobId) != entry) {
			this.refresh.forget(entry.jobId); // released while it was being registered
			return;
		}
		registered(entry, known);
	}

	/** The registry knows the job: poll it from now on; one that ended, and was kept, ends its waiters at once. */
	private void registered(WatchedJob entry, TrackedJobRegistry.TrackedJob known) {
		entry.recorded = known.status();
		entry.createdNoEarlierThan = known.createdNoEarlierThan();
		entry.registered = true;
		Job ended = known.ended();
		if (known.hasEnded() && ended != null && !entry.ended) {
			this.refresh.finishFromRecord(entry, ended);
		}
		else if (entry.fetchWhenRegistered) {
			entry.fetchWhenRegistered = false;
			this.refresh.fetchSoon(entry);
		}
	}

	private Mono<Job> timedOut(WatchedJob entry, Duration timeout) {
		if (this.settings.cancelOnTimeout()) {
			this.source.cancel(entry.jobId).onErrorResume((ignored) -> Mono.empty()).subscribe();
		}
		return Mono.error(new JobTimeoutException(entry.jobId, timeout, entry.lastSeen));
	}

	private void release(WatchedJob entry) {
		this.entries.compute(entry.jobId, (key, existing) -> {
			if (existing != entry) {
				return existing;
			}
			entry.watchers--;
			if (entry.watchers > 0 && !entry.ended) {
				return entry;
			}
			// A shared registry keeps following a job nothing waits for any more: its end is still reported once.
			if (!entry.ended && entry.registered && this.cluster == null) {
				this.refresh.forget(key);
			}
			return null;
		});
	}

}
