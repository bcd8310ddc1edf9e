package io.github.reductospring.emulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * What the emulator received and answered, for tests to inspect: requests, exchanges, counts per route.
 */
final class Recorder {

	private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());

	private final List<RecordedExchange> exchanges = Collections.synchronizedList(new ArrayList<>());

	private final Map<String, LongAdder> routeCounts = new ConcurrentHashMap<>();

	private final Map<Integer, LongAdder> statusCounts = new ConcurrentHashMap<>();

	private final AtomicInteger resultUrlFetchesWithAuthorization = new AtomicInteger();

	private volatile boolean recordRequests;

	Recorder(boolean recordRequests) {
		this.recordRequests = recordRequests;
	}

	/** Counts the request, and keeps it when recording; returns it as kept, or {@code null}. */
	@Nullable RecordedRequest received(EmulatorRequest request, String route) {
		this.routeCounts.computeIfAbsent(request.method() + " " + route, (key) -> new LongAdder()).increment();
		if (!this.recordRequests) {
			return null;
		}
		RecordedRequest recorded = new RecordedRequest(request.method(), request.rawPath(), request.rawQuery(),
				request.headers(), recordedBody(request));
		this.requests.add(recorded);
		return recorded;
	}

	/** Keeps the answer to a kept request, before it leaves: a client that has the answer also sees it recorded. */
	void answered(@Nullable RecordedRequest request, Answer answer) {
		this.statusCounts.computeIfAbsent(answer.status(), (key) -> new LongAdder()).increment();
		if (request != null) {
			this.exchanges.add(new RecordedExchange(request, answer.status(),
					new String(answer.body(), StandardCharsets.UTF_8)));
		}
	}

	void resultUrlFetchedWithAuthorization() {
		this.resultUrlFetchesWithAuthorization.incrementAndGet();
	}

	int resultUrlFetchesWithAuthorization() {
		return this.resultUrlFetchesWithAuthorization.get();
	}

	void recordRequests(boolean record) {
		this.recordRequests = record;
	}

	List<RecordedRequest> requests() {
		synchronized (this.requests) {
			return List.copyOf(this.requests);
		}
	}

	List<RecordedExchange> exchanges() {
		synchronized (this.exchanges) {
			return List.copyOf(this.exchanges);
		}
	}

	Map<String, Long> routeCounts() {
		Map<String, Long> counts = new TreeMap<>();
		this.routeCounts.forEach((route, count) -> counts.put(route, count.sum()));
		return counts;
	}

	/** Answers given so far per status, recorded or not (whole answers: not cut off or dropped ones). */
	Map<String, Long> statusCounts() {
		Map<String, Long> counts = new TreeMap<>();
		this.statusCounts.forEach((status, count) -> counts.put(Integer.toString(status), count.sum()));
		return counts;
	}

	void reset() {
		this.statusCounts.clear();
		this.routeCounts.clear();
		this.requests.clear();
		this.exchanges.clear();
		this.resultUrlFetchesWithAuthorization.set(0);
	}

	/**
	 * Bodies up to 1 MB as text; larger ones, and presigned uploads (counted, not kept), by their size only, so that
	 * tests keep no copies.
	 */
	private static String recordedBody(EmulatorRequest request) {
		byte[] body = request.body();
		return (body.length == request.bodyLength() && body.length <= 1024 * 1024)
				? new String(body, StandardCharsets.UTF_8) : "[" + request.bodyLength() + " bytes]";
	}

}
