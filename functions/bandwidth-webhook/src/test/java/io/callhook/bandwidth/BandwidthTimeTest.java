// Unit and property tests (pure function, no I/O): BandwidthTime reading Bandwidth's ISO-8601 variants.
package io.callhook.bandwidth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BandwidthTimeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "2012-11-14T15:56:12.636Z      | 2012-11-14T15:56:12.636Z",
            "2014-04-23T11:53:43-03        | 2014-04-23T14:53:43Z",
            "2014-04-23T11:53:43+0200      | 2014-04-23T09:53:43Z",
            "2013-07-12T16:26:55.685-02:00 | 2013-07-12T18:26:55.685Z",
            "2016-02-20T14:27:04Z          | 2016-02-20T14:27:04Z",
            "2019-09-13T16:49:40.500       | 2019-09-13T16:49:40.500Z",
            "2019-09-13T16:49:40.5+05:30   | 2019-09-13T11:19:40.500Z",
            "2019-09-13t16:49:40z          | 2019-09-13T16:49:40Z",
            "2019-09-13 16:49:40Z          | 2019-09-13T16:49:40Z",
            "2019-09-13T16:49Z             | 2019-09-13T16:49:00Z",
            "2019-09-13T16:49:40,123456789Z | 2019-09-13T16:49:40.123456789Z",
            "2019-12-31T23:30:00-01        | 2020-01-01T00:30:00Z",
            "2020-02-29T12:00:00+14:00     | 2020-02-28T22:00:00Z"})
    void readsTheFormsBandwidthDocuments(String text, String expected) {
        assertEquals(Optional.of(Instant.parse(expected)), BandwidthTime.parse(text));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "yesterday", "2012-11-14", "2012-11-14T15", "1352908572636", "2012-13-14T15:56:12Z",
            "2019-02-29T12:00:00Z", "2012-11-14T24:00:00Z", "2012-11-14T15:60:00Z", "2012-11-14T15:56:61Z",
            "2012-11-14T15:56:12+19", "2012-11-14T15:56:12+02:60", "2012-11-14T15:56:12.1234567890Z",
            "2012-11-14T15:56:12 Z", "2012-11-14T15:56:12ZZ", "2012-11-14T15:56:12+2", "12-11-14T15:56:12Z",
            "2012-11-14T15:56:12.Z", "2012-11-14T15:56:12EST"})
    void refusesWhatIsNotADateTime(String text) {
        assertEquals(Optional.empty(), BandwidthTime.parse(text));
    }

    @Property(tries = 2000)
    void everyOffsetStyleNamesTheSameInstant(
            @ForAll @LongRange(min = 0, max = 4_102_444_799L) long epochSecond,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
            @ForAll("offsets") ZoneOffset offset,
            @ForAll @IntRange(min = 0, max = 3) int style,
            @ForAll @IntRange(min = 0, max = 9) int fractionDigits) {
        Instant instant = Instant.ofEpochSecond(epochSecond, nanos);
        int keptNanos = fractionDigits == 0 ? 0
                : (int) (nanos / (long) Math.pow(10, 9 - fractionDigits) * (long) Math.pow(10, 9 - fractionDigits));
        Instant expected = Instant.ofEpochSecond(epochSecond, keptNanos);
        LocalDateTime local = LocalDateTime.ofInstant(instant, offset);
        String text = local.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"))
                + (fractionDigits == 0 ? "" : "." + String.format("%09d", nanos).substring(0, fractionDigits))
                + offsetText(offset, style);
        assertEquals(Optional.of(expected), BandwidthTime.parse(text), text);
    }

    @Property(tries = 2000)
    void neverThrowsOnArbitraryText(@ForAll String text) {
        Optional<Instant> result = BandwidthTime.parse(text);
        assertTrue(result.isEmpty() || text.strip().length() >= 16, text);
    }

    @Provide
    Arbitrary<ZoneOffset> offsets() {
        return Arbitraries.integers().between(-18 * 60, 18 * 60)
                .map(minutes -> ZoneOffset.ofTotalSeconds(minutes * 60));
    }

    /** The offset as one of Bandwidth's spellings: {@code Z}/{@code +hh:mm}, {@code +hhmm}, {@code +hh} or none. */
    private static String offsetText(ZoneOffset offset, int style) {
        int total = offset.getTotalSeconds() / 60;
        String sign = total < 0 ? "-" : "+";
        int hours = Math.abs(total) / 60;
        int minutes = Math.abs(total) % 60;
        if (style == 3 && total == 0) {
            return "";
        }
        if (style == 2 && minutes == 0) {
            return sign + String.format("%02d", hours);
        }
        if (style == 1) {
            return sign + String.format("%02d%02d", hours, minutes);
        }
        return total == 0 ? "Z" : sign + String.format("%02d:%02d", hours, minutes);
    }
}
