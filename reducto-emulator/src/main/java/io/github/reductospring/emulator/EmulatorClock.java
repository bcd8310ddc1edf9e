package io.github.reductospring.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The emulator's clock: the system clock, or a manual one that a test moves with {@link #advance(Duration)}.
 */
public final class EmulatorClock extends Clock {

	private final AtomicReference<Instant> manualNow;

	private EmulatorClock(Instant manualNow) {
		this.manualNow = new AtomicReference<>(manualNow);
	}

	/** A clock that follows the system clock. */
	public static EmulatorClock system() {
		return new EmulatorClock(null);
	}

	/** A clock that stands still at {@code start} until advanced. */
	public static EmulatorClock manual(Instant start) {
		return new EmulatorClock(start);
	}

	/** Whether this clock only moves when told to. */
	public boolean isManual() {
		return this.manualNow.get() != null;
	}

	/** Moves a manual clock forward. */
	public void advance(Duration duration) {
		if (!isManual()) {
			throw new IllegalStateException("Only a manual emulator clock can be advanced");
		}
		this.manualNow.updateAndGet((now) -> now.plus(duration));
	}

	@Override
	public Instant instant() {
		Instant manual = this.manualNow.get();
		return (manual != null) ? manual : Instant.now();
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("The emulator clock is always UTC");
	}

}
