package io.github.reductospring.client;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WireTimestamps}: the hand-written reading agrees with the general ISO parser on every form.
 */
class WireTimestampsTests {

	@ParameterizedTest
	@ValueSource(strings = { "2026-04-16T18:04:18Z", "2026-04-16T18:04:18.1Z", "2026-04-16T18:04:18.123Z",
			"2026-04-16T18:04:18.123456Z", "2026-04-16T18:04:18.123456789Z", "2026-04-16T18:04:18",
			"2026-04-16T18:04:18.5", "2026-04-16T18:04:18+02:00", "2026-04-16T18:04:18.25-05:30",
			"2024-02-29T23:59:59Z", "1999-12-31T00:00:00+14:00", "2026-04-16T18:04Z", "2026-04-16T18:04:18.Z",
			"2026-04-16T18:04:18Z[UTC]", "2026-04-16T18:04:18+02:00[Europe/Paris]" })
	void readsWhatTheIsoParserReads(String text) {
		assertThat(WireTimestamps.parse(text)).isEqualTo(iso(text)).isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z", "2026-04-16T24:00:01Z",
			"2026-04-16T18:04:60Z", "2026-04-16 18:04:18Z", "2026-04-16T18:04:18+0200", "2026-04-16T18:04:18.1234567891Z",
			"2026-04-16T18:04:18+19:00", "yesterday", "2026-04-16", " " })
	void readsAsAbsentWhatTheIsoParserRefuses(String text) {
		assertThat(WireTimestamps.parse(text)).isNull();
	}

	private static Instant iso(String text) {
		TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from,
				LocalDateTime::from);
		return (parsed instanceof OffsetDateTime offset) ? offset.toInstant()
				: ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
	}

}
