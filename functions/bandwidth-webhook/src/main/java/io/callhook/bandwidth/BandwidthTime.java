package io.callhook.bandwidth;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the ISO-8601 date-times Bandwidth sends, which are not always what {@link Instant#parse} accepts: Catapult
 * documents offsets such as {@code -03} and {@code -02:00}, others send {@code +0200}, and some Voice API examples
 * leave the offset out (Bandwidth's times are UTC, so a missing offset means UTC).
 *
 * <p>Accepted: {@code yyyy-MM-dd}, then {@code T} (or {@code t} or a space), {@code HH:mm}, optional {@code :ss}
 * with an optional fraction of 1 to 9 digits ({@code .} or {@code ,}), then {@code Z}, {@code +hh}, {@code +hhmm},
 * {@code +hh:mm} (or {@code -}) or nothing. Anything else, or an impossible date, time or offset, is refused.
 */
public final class BandwidthTime {

    private static final Pattern ISO = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[Tt ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?"
                    + "(?:([Zz])|([+-])(\\d{2})(?::?(\\d{2}))?)?");

    private BandwidthTime() {
    }

    /** The instant a Bandwidth time names, or empty when the text is not such a time. */
    public static Optional<Instant> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = ISO.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            int nanos = 0;
            if (m.group(7) != null) {
                String fraction = (m.group(7) + "000000000").substring(0, 9);
                nanos = Integer.parseInt(fraction);
            }
            LocalDateTime local = LocalDateTime.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)), nanos);
            ZoneOffset offset = ZoneOffset.UTC;
            if (m.group(9) != null) {
                int sign = m.group(9).equals("-") ? -1 : 1;
                int hours = Integer.parseInt(m.group(10));
                int minutes = m.group(11) == null ? 0 : Integer.parseInt(m.group(11));
                if (minutes > 59) {
                    return Optional.empty();
                }
                offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
            }
            return Optional.of(local.toInstant(offset));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
