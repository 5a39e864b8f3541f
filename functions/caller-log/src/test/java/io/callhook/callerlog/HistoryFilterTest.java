// Pure: the caller log's filters read from the query string, days in the organization's time zone.
package io.callhook.callerlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.http.HttpError;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class HistoryFilterTest {

    @Test
    void daysAreTheOrganizationsDaysAndInstantsAreAsGiven() {
        HistoryFilter berlin = HistoryFilter.parse(null, null, "2026-12-06", "2026-12-06",
                ZoneId.of("Europe/Berlin"), "DE");
        assertEquals(Instant.parse("2026-12-05T23:00:00Z"), berlin.from());
        assertEquals(Instant.parse("2026-12-06T22:59:59.999Z"), berlin.to());
        HistoryFilter angeles = HistoryFilter.parse("mine", null, "2026-12-06", null,
                ZoneId.of("America/Los_Angeles"), "US");
        assertEquals(Instant.parse("2026-12-06T08:00:00Z"), angeles.from());
        assertNull(angeles.to());
        assertEquals(HistoryFilter.View.MINE, angeles.view());
        assertEquals(Instant.parse("2026-12-06T07:34:00Z"), HistoryFilter.parse(null, null, "2026-12-06T07:34:00Z",
                null, ZoneId.of("UTC"), "DE").from());
        assertTrue(HistoryFilter.parse(null, null, null, null, ZoneId.of("UTC"), "DE").none());
    }

    @Test
    void numbersAreReadInTheRegionAndBadValuesRefused() {
        assertEquals("+493023125741", HistoryFilter.parse(null, "030 23125741", null, null, ZoneId.of("UTC"), "DE")
                .number());
        HistoryFilter extension = HistoryFilter.parse(null, "201", null, null, ZoneId.of("UTC"), "DE");
        assertNull(extension.number());
        assertEquals("201", extension.normal(), "an extension is matched as sent");
        for (String[] bad : new String[][] {{"view", "everything"}, {"number", "nobody"}, {"since", "2026-13-01"},
                {"until", "yesterday"}}) {
            HttpError error = assertThrows(HttpError.class, () -> HistoryFilter.parse(
                    bad[0].equals("view") ? bad[1] : null, bad[0].equals("number") ? bad[1] : null,
                    bad[0].equals("since") ? bad[1] : null, bad[0].equals("until") ? bad[1] : null,
                    ZoneId.of("UTC"), "DE"));
            assertEquals(422, error.status(), bad[0]);
        }
        assertEquals(422, assertThrows(HttpError.class, () -> HistoryFilter.parse(null, null, "2026-12-06",
                "2026-12-05", ZoneId.of("UTC"), "DE")).status(), "until before since");
    }
}
