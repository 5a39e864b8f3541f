// Unit tests, no I/O: the normal form of numbers, block-list matching and outbound caller-id rules.
package io.callhook.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RoutingRulesTest {

    static final RoutingRules RULES = new RoutingRules("pbx",
            Map.of("493023125741", "spam caller", "4990*", "premium-rate numbers", "499012*", "a worse range",
                    PhoneNumbers.ANONYMOUS, "withheld numbers"),
            Map.of("49", "+4930555000", "4930", "+4930555100", "1", "+12025550100"), "+4930555999");

    @ParameterizedTest
    @CsvSource({
        "+49 30 23125741, 493023125741",
        "0049 30 2312 5741, 493023125741",
        "+49 (30) 2312-5741, 493023125741",
        "493023125741, 493023125741",
        "030/23125741, 03023125741",
        "Anonymous, anonymous",
    })
    void numbersHaveOneNormalForm(String number, String normal) {
        assertEquals(normal, PhoneNumbers.normalise(number));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sip:emma@chrispresso.com", "+", "", "49 30 abc", "123456789012345678901234567890123"})
    void whatIsNotAPhoneNumberHasNoNormalForm(String text) {
        assertNull(PhoneNumbers.normalise(text));
    }

    @Test
    void aListedNumberIsBlockedInEverySpellingAndOnlyThatNumber() {
        assertEquals(Optional.of(new RoutingRules.Block("493023125741", "spam caller")),
                RULES.blockFor("+49 30 23125741"));
        assertEquals(RULES.blockFor("493023125741"), RULES.blockFor("004930 23125741"));
        assertEquals(Optional.empty(), RULES.blockFor("4930231257410"), "a longer number is another number");
        assertEquals(Optional.empty(), RULES.blockFor("49302312574"));
    }

    @Test
    void aPrefixBlocksEveryNumberStartingWithItAndTheLongestPrefixNamesTheEntry() {
        assertEquals(Optional.of(new RoutingRules.Block("4990*", "premium-rate numbers")),
                RULES.blockFor("+49 900 1234"));
        assertEquals(Optional.of(new RoutingRules.Block("499012*", "a worse range")), RULES.blockFor("+4990123"));
        assertEquals(Optional.empty(), RULES.blockFor("+4989 1234"));
    }

    @Test
    void withheldNumbersAreBlockedOnlyWhenAnonymousIsListed() {
        assertEquals("withheld numbers", RULES.blockFor("anonymous").orElseThrow().note());
        assertEquals(Optional.empty(), RoutingRules.none("pbx").blockFor("anonymous"));
        assertEquals(Optional.empty(), RULES.blockFor(null));
    }

    @Test
    void theLongestDestinationPrefixChoosesTheCallerId() {
        assertEquals(Optional.of("+4930555100"), RULES.callerIdFor("+49 30 1234567"));
        assertEquals(Optional.of("+4930555000"), RULES.callerIdFor("0049 89 1234567"));
        assertEquals(Optional.of("+12025550100"), RULES.callerIdFor("+1 202 555 0199"));
    }

    @Test
    void theDefaultCallerIdTakesWhatNoPrefixMatches() {
        assertEquals(Optional.of("+4930555999"), RULES.callerIdFor("+33 1 23456789"));
        assertEquals(Optional.of("+4930555999"), RULES.callerIdFor("sip:emma@chrispresso.com"));
        assertEquals(Optional.empty(), new RoutingRules("pbx", Map.of(), Map.of("49", "+4930"), null)
                .callerIdFor("+33123"));
        assertEquals(Optional.empty(), RoutingRules.none("pbx").callerIdFor("+4930123"));
    }

    @Test
    void adminInputIsCheckedAndNormalised() {
        assertEquals("4930*", PhoneNumbers.blockPattern("+49 30*"));
        assertEquals("493023125741", PhoneNumbers.blockPattern("0049 30 23125741"));
        assertEquals("anonymous", PhoneNumbers.blockPattern("anonymous"));
        assertEquals("4930", PhoneNumbers.destinationPrefix("+4930*"));
        assertEquals("+4930555100", PhoneNumbers.callerId(" +4930555100 "));
        assertThrows(IllegalArgumentException.class, () -> PhoneNumbers.blockPattern("*"));
        assertThrows(IllegalArgumentException.class, () -> PhoneNumbers.blockPattern("anonymous*"));
        assertThrows(IllegalArgumentException.class, () -> PhoneNumbers.blockPattern("49*30"));
        assertThrows(IllegalArgumentException.class, () -> PhoneNumbers.destinationPrefix(""));
        assertThrows(IllegalArgumentException.class, () -> PhoneNumbers.destinationPrefix("anonymous"));
        assertThrows(IllegalArgumentException.class, () -> PhoneNumbers.callerId("+49 30 555"));
        assertThrows(IllegalArgumentException.class, () -> PhoneNumbers.callerId(null));
    }
}
