// Views (pure): an entry's size is bounded by what it serialises to, whatever the stored record holds.
package io.callhook.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.callhook.json.JsonSizes;

import io.callhook.call.CallRecord;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.http.FieldLimits;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ViewsTest {

    private static final Instant T = Instant.parse("2026-11-29T10:00:00Z");

    /** A value of {@code bytes} UTF-8 bytes made of {@code unit}, unique by {@code i}, as the input rules allow. */
    private static String value(String unit, int bytes, int i) {
        String prefix = i + "-";
        int unitBytes = unit.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return prefix + unit.repeat((bytes - prefix.length()) / unitBytes);
    }

    private static CallRecord worstCase(String unit, int setSize) {
        String text = value(unit, FieldLimits.MAX_VALUE_BYTES, 0);
        Set<String> users = IntStream.range(0, setSize).mapToObj(i -> value(unit, FieldLimits.MAX_VALUE_BYTES, i))
                .collect(Collectors.toSet());
        Set<String> next = IntStream.range(0, setSize).mapToObj(i -> value(unit, FieldLimits.MAX_CALL_ID_BYTES, i))
                .collect(Collectors.toSet());
        return new CallRecord(value(unit, FieldLimits.MAX_CALL_ID_BYTES, 0), "i".repeat(64), Set.of("newCall"),
                Direction.IN, text, text, text, users, text, T, T, T, T, text, Cause.NORMAL,
                value(unit, FieldLimits.MAX_CALL_ID_BYTES, 1), next, Map.of(), Boolean.TRUE, T, "o".repeat(64));
    }

    @Test
    void anEntryOfTheLargestRecordTheRulesAllowFitsItsBudgetWhateverItsCharacters() {
        for (String unit : List.of("\"", "\\", "\u0080", "\u2028", "\ud83d\ude00", "a", "<")) {
            Map<String, Object> entry = Views.callLogEntry(worstCase(unit, 5_000), Set.of());
            int size = JsonSizes.of(entry);
            assertTrue(size <= Views.MAX_ENTRY_BYTES, "U+" + Integer.toHexString(unit.codePointAt(0)) + ": " + size);
            assertEquals(Views.MAX_LISTED, ((List<?>) entry.get("user")).size());
            assertEquals(5_000 - Views.MAX_LISTED, entry.get("userOmitted"));
            assertEquals(5_000 - Views.MAX_LISTED, entry.get("nextCallIdsOmitted"));
        }
    }

    @Test
    void tinyValuesInALongSetCannotBloatAnEntry() {
        Set<String> users = IntStream.range(0, 200_000).mapToObj(Integer::toString).collect(Collectors.toSet());
        CallRecord call = worstCase("a", 1);
        CallRecord bloated = new CallRecord(call.callId(), call.source(), call.events(), call.direction(), "1", "2",
                null, users, null, T, T, null, T, null, Cause.NORMAL, null, users, Map.of(), null, T, "1");
        assertTrue(JsonSizes.of(Views.callLogEntry(bloated, Set.of())) < 16 * 1024);
    }

    @Test
    void aShortListIsShownWhole() {
        Map<String, Object> entry = Views.callLogEntry(worstCase("a", 3), Set.of());
        assertEquals(3, ((List<?>) entry.get("user")).size());
        assertEquals(0, entry.get("userOmitted"));
        assertEquals(0, entry.get("nextCallIdsOmitted"));
    }
}
