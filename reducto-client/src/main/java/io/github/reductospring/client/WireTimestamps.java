package io.github.reductospring.client;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;

import org.jspecify.annotations.Nullable;

/**
 * Reducto's timestamps ({@code created_at}): ISO-8601 date-times with {@code Z}, with an offset, or naive (taken as
 * UTC, what Reducto's servers run on). The forms Reducto sends are read by hand, as the general parser was most of the
 * cost of a listing (once per job); anything else falls back to {@link DateTimeFormatter#ISO_DATE_TIME}. Unreadable
 * text reads as absent.
 */
final class WireTimestamps {

	private WireTimestamps() {
	}

	static @Nullable Instant parse(@Nullable String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		Instant fast = parseCommonForm(text);
		return (fast != null) ? fast : parseAnyForm(text);
	}

	/** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}][Z|±HH:MM]}, or {@code null} for anything else. */
	private static @Nullable Instant parseCommonForm(String text) {
		int length = text.length();
		if (length < 19 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
				|| text.charAt(13) != ':' || text.charAt(16) != ':') {
			return null;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 2);
		int day = digits(text, 8, 2);
		int hour = digits(text, 11, 2);
		int minute = digits(text, 14, 2);
		int second = digits(text, 17, 2);
		if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
				|| second > 59) {
			return null;
		}
		int position = 19;
		int nanos = 0;
		if (position < length && text.charAt(position) == '.') {
			int start = ++position;
			while (position < length && isDigit(text.charAt(position)) && position - start < 9) {
				nanos = nanos * 10 + (text.charAt(position) - '0');
				position++;
			}
			int fractionDigits = position - start;
			if (fractionDigits == 0) {
				return null;
			}
			for (int i = fractionDigits; i < 9; i++) {
				nanos *= 10;
			}
		}
		int offsetSeconds;
		if (position == length) {
			offsetSeconds = 0;
		}
		else if (position == length - 1 && text.charAt(position) == 'Z') {
			offsetSeconds = 0;
		}
		else if (position == length - 6 && (text.charAt(position) == '+' || text.charAt(position) == '-')
				&& text.charAt(position + 3) == ':') {
			int offsetHours = digits(text, position + 1, 2);
			int offsetMinutes = digits(text, position + 4, 2);
			if (offsetHours < 0 || offsetHours > 18 || offsetMinutes < 0 || offsetMinutes > 59) {
				return null;
			}
			offsetSeconds = ((text.charAt(position) == '-') ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
		}
		else {
			return null;
		}
		try {
			long epochDay = LocalDate.of(year, month, day).toEpochDay();
			return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds,
					nanos);
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	private static @Nullable Instant parseAnyForm(String text) {
		try {
			TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from,
					LocalDateTime::from);
			return (parsed instanceof OffsetDateTime offset) ? offset.toInstant()
					: ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	/** The number in {@code count} ASCII digits at {@code start}, or -1. */
	private static int digits(String text, int start, int count) {
		int value = 0;
		for (int i = start; i < start + count; i++) {
			char c = text.charAt(i);
			if (!isDigit(c)) {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

}
