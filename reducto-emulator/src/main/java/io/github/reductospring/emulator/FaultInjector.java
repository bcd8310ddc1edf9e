package io.github.reductospring.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.jspecify.annotations.Nullable;

/**
 * Faults on demand: those injected for the next matching requests, then those drawn at random for a share of API
 * requests. Turns a fault into the answer a failing server would give.
 */
final class FaultInjector {

	private static final byte[] CUT_OFF_BODY = "{\"status\":\"Completed\",\"result\":{\"job_id\":\"cut-off\",\"duration\":1.0}}"
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] MALFORMED_BODY = "{\"status\": \"Completed\", \"result\": [1, 2"
		.getBytes(StandardCharsets.UTF_8);

	private final ConcurrentLinkedQueue<Fault> pending = new ConcurrentLinkedQueue<>();

	private volatile RandomFaults random = RandomFaults.NONE;

	void inject(Fault fault) {
		this.pending.add(Objects.requireNonNull(fault));
	}

	void random(RandomFaults faults) {
		this.random = Objects.requireNonNull(faults);
	}

	/** The fault for this request, if any: result URLs are never faulted, emulator endpoints only on demand. */
	@Nullable Fault claim(EmulatorRequest request) {
		if (request.rawPath().startsWith(EmulatorRoutes.RESULTS_PATH)) {
			return null;
		}
		for (Fault fault : this.pending) {
			if (fault.claim(request.method(), request.rawPath())) {
				this.pending.removeIf(Fault::exhausted);
				return fault;
			}
		}
		return request.rawPath().startsWith(EmulatorRoutes.PREFIX) ? null : this.random.pick(request.rawPath());
	}

	/**
	 * The answer a fault gives instead of the route's, or {@code null} when the route answers (after a delay).
	 * @param fault the fault
	 * @return the fault's own answer, or {@code null}
	 */
	@Nullable Answer answer(Fault fault) {
		return switch (fault.kind()) {
			case RESPOND -> Answer.of(fault.status(), fault.headers(), fault.body().getBytes(StandardCharsets.UTF_8));
			case TRUNCATE -> Answer.of(200, Map.of("Content-Type", "application/json"), CUT_OFF_BODY)
				.delivered(Answer.Delivery.CUT_OFF);
			case MALFORMED -> Answer.of(200, Map.of("Content-Type", "application/json"), MALFORMED_BODY);
			case DISCONNECT -> Answer.of(0, Map.of(), new byte[0]).delivered(Answer.Delivery.DROPPED);
			case DELAY -> null;
		};
	}

	void reset() {
		this.pending.clear();
		this.random = RandomFaults.NONE;
	}

}
