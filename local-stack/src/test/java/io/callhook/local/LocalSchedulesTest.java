// Unit test of the local schedules' rate expressions: pure, no I/O.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalSchedulesTest {

    @ParameterizedTest
    @CsvSource({"rate(5 minutes), PT5M", "rate(1 minute), PT1M", "rate(2 hours), PT2H", "rate(1 day), PT24H",
        "' rate(10 minutes) ', PT10M", "'cron(0 12 * * ? *)', ", "rate(5 fortnights), ", "'', "})
    void rateExpressionsGiveTheirPeriodAndAnythingElseRunsOnlyWhenAsked(String expression, Duration period) {
        assertEquals(Optional.ofNullable(period), LocalSchedules.period(expression));
    }
}
