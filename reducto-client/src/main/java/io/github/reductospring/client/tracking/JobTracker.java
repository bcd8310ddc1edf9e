package io.github.reductospring.client.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.github.reductospring.client.error.JobNotFoundException;
import io.github.reductospring.client.error.JobTimeoutException;
import io.github.reductospring.client.error.JobTrackingStoppedException;
import io.github.reductospring.client.model.Job;
import io.github.reductospring.client.model.JobStatus;

/**
 * Watches any number of jobs until they end, with the fewest requests: each watched job is polled on its own
 * exponential schedule while few are watched; from {@link TrackingSettings#bulkThreshold()} on, all are refreshed
 * together from {@code GET /jobs?exclude_configs=true} pages (newest first, stopping as soon as every watched job
 * was seen), and {@code GET /job/{id}} is called only to fetch the result of a job that ended. A webhook delivery
 * ({@link #onWebhook(String)}) triggers that fetch at once.
 * <p>
 * It reads jobs through a {@link JobSource} and keeps which jobs it watches, and their last status, in a
 * {@link TrackedJobRegistry}; a change is reported only when the registry records it. One scheduler thread drives
 * all refreshes; no thread per job, nothing blocks. Each status change is reported once on {@link #updates()}.
 * Closing the tracker ends every pending {@code track} with {@link JobTrackingStoppedException}.
 */
public final class JobTracker implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(JobTracker.class);

	private final JobSource source;

	private final TrackingSettings settings;

	private final JobUpdates updates;

	private final AtomicBoolean started = new AtomicBoolean();

	/** The tracker's thread: its executor starts it when the tracker first has work. */
	private final Scheduler scheduler;

	/** With a shared registry only: the lease and the registry reads that replace polling on the other instances. */
	private final @Nullable ClusterCoordination cluster;

	/** What the coordination hands the watches. */
	private final TrackerMember member;

	private volatile boolean closed;

	/** Random: tells this tracker's submissions from other instances' in webhook deliveries. */
	private final String instanceId = UUID.randomUUID().toString().substring(0, 13);

	private final AtomicBoolean otherInstanceWarned = new AtomicBoolean();

	/** The work on the tracker's thread: reads, cluster rounds, changes, ends. */
	private final RefreshLoop refresh;

	/** Which jobs are watched, and how watches begin and end short of the jobs' ends. */
	private final Watches watches;

	/** The refresh loop's ticks, once started. */
	private @Nullable Disposable ticks;

	/**
	 * A tracker that is idle until the first job is tracked.
	 * @param source how it reads jobs
	 * @param settings how it refreshes them
	 * @param polling the schedule of one-by-one polls
	 * @param registry where it keeps the jobs it watches
	 * @param cluster how it works with the other instances' trackers, for a registry shared with them ({@code null}
	 * for one in memory); one per tracker
	 */
	public JobTracker(JobSource source, TrackingSettings settings, PollingSettings polling,
			TrackedJobRegistry registry, @Nullable ClusterCoordination cluster) {
		this(source, settings, polling, registry, cluster, Schedulers.newSingle("reducto-tracker", true));
	}

	/** On a given scheduler, which it disposes when closed: tests drive it on virtual time. */
	JobTracker(JobSource source, TrackingSettings settings, PollingSettings polling, TrackedJobRegistry registry,
			@Nullable ClusterCoordination cluster, Scheduler scheduler) {
		this.source = Objects.requireNonNull(source, "source");
		this.settings = Objects.requireNonNull(settings, "settings");
		Objects.requireNonNull(polling, "polling");
		Objects.requireNonNull(registry, "registry");
		this.cluster = cluster;
		this.updates = new JobUpdates(settings.updateBuffer(), cluster);
		this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
		Map<String, WatchedJob> entries = new ConcurrentHashMap<>();
		this.refresh = new RefreshLoop(source, settings, polling, registry, entries, this.updates, cluster,
				this::scheduler, () -> this.closed);
		this.watches = new Watches(source, settings, polling, registry, entries, this.refresh, cluster,
				this::scheduler, () -> this.closed, this::start);
		this.member = new TrackerMember(entries, this.refresh, this.watches, this::scheduler,
				() -> this.closed);
	}

	/** Watches a job until it ends or the default deadline passes. */
	public Mono<Job> track(String jobId) {
		return track(jobId, this.settings.defaultTimeout());
	}

	/**
	 * Watches a job until it ends. Fails with {@link JobTimeoutException} (carrying the job as last seen) when
	 * {@code timeout} passes first, cancelling the job if so configured; with {@link JobNotFoundException} for an
	 * unknown id; with {@link JobTrackingStoppedException} when the tracker closes.
	 * @param jobId the job
	 * @param timeout how long to wait at most
	 * @return the job as it ended, with its result
	 */
	public Mono<Job> track(String jobId, Duration timeout) {
		return this.watches.watch(jobId, timeout, false, null);
	}

	/** Watches a job just submitted: its first refresh waits one polling interval, as the job has just started. */
	public Mono<Job> trackSubmitted(String jobId, Duration timeout) {
		return this.watches.watch(jobId, timeout, true, null);
	}

	/**
	 * Watches several jobs at once. Gives them in the order of {@code jobIds}; a job that did not end in time is
	 * given as last seen (not terminal), so nothing is lost.
	 */
	public Mono<List<Job>> trackAll(Collection<String> jobIds, Duration timeout) {
		List<String> ids = List.copyOf(jobIds);
		if (ids.isEmpty()) {
			return Mono.just(List.of());
		}
		return Flux.fromIterable(ids)
			.flatMapSequential((id) -> track(id, timeout).onErrorResume(JobTimeoutException.class,
					(late) -> (late.getLastSeen() != null) ? Mono.just(late.getLastSeen()) : this.source.get(id)),
					ids.size())
			.collectList();
	}

	/**
	 * Every status change of every watched job, once, as it is seen. Hot: subscribers see changes from then on. Each
	 * subscriber has a buffer of {@link TrackingSettings#updateBuffer()} updates; one that falls further behind loses
	 * the oldest, which are counted ({@link #droppedUpdates()}) and logged, never silently.
	 */
	public Flux<JobUpdate> updates() {
		return this.updates.flux();
	}

	/**
	 * Hands every status change to {@code listener}: in order, one at a time, on a thread where it may block, never
	 * on the tracker's; none is dropped, however slow the listener. With a shared registry an end is marked published
	 * only after the listener returned, so that every end reaches a listener at least once: twice only when an
	 * instance dies or stalls while its listener runs, or its listeners lag far behind (the JDBC store's poller
	 * delivers ends left unmarked 15 s), both times with the same {@link JobUpdate#eventId()}. A listener that throws
	 * is logged, and the change counts as delivered. Register it before the tracker is {@link #start() started} or
	 * tracks a job; one listener per tracker.
	 * @param listener what to call with each change (the starter's publishes {@code JobStatusChangedEvent})
	 * @return disposing it stops the deliveries
	 */
	public Disposable deliverTo(Consumer<JobUpdate> listener) {
		return this.updates.deliverTo(Objects.requireNonNull(listener, "listener"));
	}

	/**
	 * How many {@code GET /job/{id}} this tracker made, by why: one per job (its end seen in a list) is the floor;
	 * more shows where the rest go.
	 */
	public Map<ReadReason, Long> readsByReason() {
		return this.refresh.readsByReason();
	}

	/** How many updates subscribers that did not keep up have lost, since this tracker started. */
	public long droppedUpdates() {
		return this.updates.dropped();
	}

	/** The tag this application's submissions carry ({@link TrackingSettings#applicationId()}). */
	public String applicationId() {
		return this.settings.applicationId();
	}

	/**
	 * This tracker's id, random, carried in the metadata of every job submitted through it
	 * ({@link TrackingSettings#INSTANCE_METADATA_KEY}), beside the application's tag: it tells the instances of an
	 * application apart in webhook deliveries.
	 */
	public String instanceId() {
		return this.instanceId;
	}

	/** See {@link #onWebhook(String, String, String)}; for a delivery without an instance tag. */
	public WebhookOutcome onWebhook(String jobId, @Nullable String applicationTag) {
		return onWebhook(jobId, applicationTag, null);
	}

	/**
	 * A webhook said this job ended: fetch it now (once) instead of waiting for the next refresh. A job of this
	 * application that nothing here waits for (submitted without a wait, before a restart, or awaited elsewhere) is
	 * watched from now on, without a waiter, until it ends or the default deadline passes, so that its change is
	 * reported all the same.
	 * @param jobId the job the delivery named
	 * <p>
	 * On a registry that is not shared, a job of this application that another instance submitted (its instance tag
	 * is not {@link #instanceId()}) and that this one does not know is left to the instance that submitted it, which
	 * reports it: followed here too, it would be reported twice ({@link WebhookOutcome#OTHER_INSTANCE}, a WARN once).
	 * @param applicationTag the delivery's {@link TrackingSettings#APPLICATION_METADATA_KEY} metadata, if any
	 * @param instanceTag the delivery's {@link TrackingSettings#INSTANCE_METADATA_KEY} metadata, if any
	 * @return what the tracker made of it
	 */
	public WebhookOutcome onWebhook(String jobId, @Nullable String applicationTag, @Nullable String instanceTag) {
		boolean anotherInstances = this.cluster == null && instanceTag != null && !instanceTag.equals(this.instanceId);
		WebhookOutcome outcome = this.watches.onWebhook(jobId, applicationTag, anotherInstances);
		if (outcome == WebhookOutcome.OTHER_INSTANCE && this.otherInstanceWarned.compareAndSet(false, true)) {
			logger.warn("A webhook delivery reached this instance for a job another instance of this application "
					+ "submitted; with the in-memory job store that instance reports it, if something there waits "
					+ "for it or follows it. Several instances behind one webhook endpoint should share their jobs: "
					+ "set reducto.tracking.store=jdbc (logged once; counted as "
					+ "reducto.webhook.deliveries{outcome=other-instance})");
		}
		return outcome;
	}

	/**
	 * Whether this tracker calls the API to follow jobs now: always on a registry that is not shared; on a shared
	 * one, while it holds the poller's lease (the other instances read what it records).
	 */
	public boolean isPolling() {
		return this.watches.isPolling();
	}

	/**
	 * Registers a job just submitted, before {@code submit} returns, where a shared registry lets the cluster's
	 * poller follow it to its end whether or not anything waits for it. A failure to register is logged, not
	 * raised: the job exists, and failing the submission would invite a duplicate.
	 * @param jobId the job
	 * @return completes once the registry has it
	 */
	public Mono<Void> registerSubmitted(String jobId) {
		ClusterCoordination shared = this.cluster;
		if (shared == null) {
			return Mono.empty();
		}
		return Mono.fromRunnable(() -> this.watches.registerSubmitted(shared, jobId))
			.subscribeOn(Schedulers.boundedElastic())
			.onErrorResume(RuntimeException.class, (ex) -> {
				logger.warn("Job " + jobId + " was submitted but could not be written to the tracked job registry; it "
						+ "is followed only while something waits for it: " + ex);
				return Mono.empty();
			})
			.then();
	}

	/** Whether the job is being watched now. */
	public boolean isTracking(String jobId) {
		return this.watches.isTracking(jobId);
	}

	/** How many jobs are watched, by their last seen status ({@code UNKNOWN} for those not seen yet). */
	public Map<JobStatus, Long> trackedByStatus() {
		return this.watches.byStatus();
	}

	/**
	 * How many tracked jobs ended since {@code since} (at most an hour back), by terminal status.
	 * @param since the start of the window
	 * @return the counts
	 */
	public Map<JobStatus, Long> endedSince(Instant since) {
		return this.refresh.endedSince(since);
	}

	/** Stops tracking: every pending {@code track} ends with {@link JobTrackingStoppedException}. */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		Disposable running = this.ticks;
		if (running != null) {
			running.dispose();
		}
		if (this.cluster != null) {
			this.refresh.recordPendingChangesBeforeClosing();
			this.cluster.leave();
		}
		this.watches.stopAll();
		this.updates.complete();
		this.scheduler.dispose();
	}

	/**
	 * Starts the refresh loop now instead of at the first tracked job. A tracker with a {@link ClusterCoordination}
	 * takes part in the cluster from then on: it competes for the poller's lease, and as the poller
	 * follows the jobs left unfinished by instances that stopped. Subscribe to {@link #updates()} first, so that no
	 * end published at takeover is missed. Idempotent.
	 */
	public void start() {
		if (this.closed) {
			return;
		}
		if (this.started.compareAndSet(false, true)) {
			this.ticks = this.refresh.start();
			if (this.cluster != null) {
				this.cluster.join(this.member);
			}
		}
	}

	/** The scheduler that drives refreshes and deadlines. */
	Scheduler scheduler() {
		return this.scheduler;
	}

	/** Whether it has a {@link ClusterCoordination}: it then takes part in a cluster from {@link #start()}. */
	public boolean isShared() {
		return this.cluster != null;
	}

	/** Whether the stream of updates exists (it is created on first use). */
	boolean hasUpdateStream() {
		return this.updates.isCreated();
	}

	/** How many reads were sent and not answered yet: tests on virtual time wait for none. */
	int readsInFlight() {
		return this.refresh.readsInFlight();
	}

	/**
	 * How the tracker reads jobs: the few reads it needs, not the operations that expose them.
	 */
	public interface JobSource {

		/**
		 * The job, with its result when it has ended.
		 * @param jobId the job
		 * @return the job; {@code JobNotFoundException} for an unknown id
		 */
		Mono<Job> get(String jobId);

		/**
		 * Every job, newest first, without configurations, page by page as demanded.
		 * @return the jobs
		 */
		Flux<Job> newestFirst();

		/**
		 * Cancels a job (at its tracking deadline, when so configured).
		 * @param jobId the job
		 * @return completes when the request was answered
		 */
		Mono<?> cancel(String jobId);

	}

	/** Why the tracker read a single job. */
	public enum ReadReason {

		/** A list page showed it ended: read for its result. */
		ENDED_IN_LIST,

		/** Polled on its own schedule, while few jobs are watched. */
		POLL,

		/** Not in the list as far as a bulk refresh read it: read on its own. */
		UNSEEN_IN_LIST,

		/** A webhook said it ended. */
		WEBHOOK,

		/** Another instance recorded its end, without the result, which a wait here needs. */
		RECORDED_ELSEWHERE

	}

	/** What the tracker made of a webhook delivery. */
	public enum WebhookOutcome {

		/** The job is watched (now, if nothing waited for it); its end is being fetched. */
		TRACKED,

		/** The job ended and was reported already. */
		ALREADY_REPORTED,

		/** Neither watched nor registered here, and not tagged with this application's id: another's job. */
		NOT_THIS_APPLICATION,

		/**
		 * This application's job, submitted by another instance and unknown here, on a registry that is not shared:
		 * left to the instance that submitted it.
		 */
		OTHER_INSTANCE,

		/** The tracker is stopping or its registry cannot be reached: the sender should deliver again later. */
		RETRY_LATER

	}

}
