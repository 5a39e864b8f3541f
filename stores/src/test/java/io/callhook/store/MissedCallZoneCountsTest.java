// Day counts in an organization's time zone against the project's DynamoDB engine over HTTP, with the template's
// missed-calls table: counted from the entries by local day, short ranges complete, a capped read leaves out the
// oldest day it reached rather than show it short.
package io.callhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.call.Cause;
import io.callhook.call.MissReason;
import io.callhook.call.MissedCall;
import io.callhook.testing.LocalDynamo;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MissedCallZoneCountsTest {

    static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");

    @Test
    void countsAreOfLocalDaysAndACappedReadDropsTheOldestDayItReached() {
        LocalDynamo dynamo = LocalDynamo.shared();
        DynamoMissedCallStore store = new DynamoMissedCallStore(dynamo.client(),
                dynamo.createTables().get("MissedCallsTable"), 2);
        // 2026-11-23 07:30 UTC is the 22nd in Los Angeles; the others the 23rd and 24th
        List<String> starts = List.of("2026-11-23T07:30:00Z", "2026-11-23T09:00:00Z", "2026-11-24T02:00:00Z",
                "2026-11-24T09:00:00Z", "2026-11-24T10:00:00Z");
        for (int i = 0; i < starts.size(); i++) {
            Instant at = Instant.parse(starts.get(i));
            store.record(new MissedCall("pbx:z" + i, "1", "zone", "+1213", "+4922", Set.of(), at, at.plusSeconds(30),
                    30L, Cause.CANCEL, "cancel", false, null, i == 0 ? MissReason.BUSY : MissReason.ABANDONED));
        }
        LocalDate since = LocalDate.parse("2026-11-22");
        LocalDate until = LocalDate.parse("2026-11-24");
        MissedCallStore.Counts local = store.counts("1", "zone", since, until, LOS_ANGELES, 100, 1000);
        assertTrue(local.complete());
        assertEquals(List.of(List.of("2026-11-22", 1L), List.of("2026-11-23", 2L), List.of("2026-11-24", 2L)),
                local.counts().stream().map(c -> List.<Object>of(c.day().toString(), c.count())).toList());
        assertEquals(java.util.Map.of("busy", 1L), local.counts().get(0).reasons());

        MissedCallStore.Counts capped = store.counts("1", "zone", since, until, LOS_ANGELES, 100, 3);
        assertFalse(capped.complete());
        assertEquals(List.of("2026-11-24"), capped.counts().stream().map(c -> c.day().toString()).toList(),
                "three entries reach into the 23rd, which is left out rather than shown short");

        assertEquals(store.counts("1", "zone", since, until, 100), store.counts("1", "zone", since, until,
                ZoneOffset.UTC, 100, 1), "UTC reads the stored counts");
    }
}
