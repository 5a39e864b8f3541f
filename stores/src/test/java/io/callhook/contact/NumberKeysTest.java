// The keys stored numbers are grouped and matched under: libphonenumber's forms for a region, no I/O.
package io.callhook.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class NumberKeysTest {

    @Test
    void theWorklistKeysEverySpellingOfANumberByItsE164Form() {
        for (String spelling : List.of("+49 30 111", "0049 30 111", "030 111", "4930111", "(030) 111")) {
            assertEquals("+4930111", NumberKeys.worklist(spelling, "DE"), spelling);
        }
        assertEquals("+12125550100", NumberKeys.worklist("(212) 555-0100", "US"));
        assertEquals("201", NumberKeys.worklist("201", "DE"), "an extension keeps today's form");
    }

    @Test
    void aBlockedNumberIsStoredInItsInternationalAndNationalForms() {
        assertEquals(List.of("030111", "4930111"), List.copyOf(NumberKeys.blockForms("030 111", "DE")));
        assertEquals(List.of("4930111", "030111"), List.copyOf(NumberKeys.blockForms("+49 30 111", "DE")));
        assertEquals(List.of("33123456789"), List.copyOf(NumberKeys.blockForms("+33 1 23 45 67 89", "DE")),
                "another country's number reaches the webhook as international digits only");
        assertEquals(List.of("12125550100", "2125550100"), List.copyOf(NumberKeys.blockForms("+1 212 555 0100",
                "US")), "the US writes national numbers without its national prefix 1");
        assertEquals(List.of("anonymous"), List.copyOf(NumberKeys.blockForms("anonymous", "DE")));
        assertEquals(List.of("201"), List.copyOf(NumberKeys.blockForms("201", "DE")));
        assertThrows(IllegalArgumentException.class, () -> NumberKeys.blockForms("call me", "DE"));
    }

    @Test
    void aPrefixGainsTheNationalOrInternationalPrefixOfTheRegionsCountry() {
        assertEquals(List.of("4930*", "030*"), List.copyOf(NumberKeys.blockForms("+4930*", "DE")));
        assertEquals(List.of("4930*", "030*"), List.copyOf(NumberKeys.blockForms("004930*", "DE")));
        assertEquals(List.of("4930*", "030*"), List.copyOf(NumberKeys.blockForms("4930*", "DE")));
        assertEquals(List.of("030*", "4930*"), List.copyOf(NumberKeys.blockForms("030*", "DE")));
        assertEquals(List.of("49*", "0*"), List.copyOf(NumberKeys.blockForms("+49*", "DE")),
                "the whole country: every national number too");
        assertEquals(List.of("3312*"), List.copyOf(NumberKeys.blockForms("+3312*", "DE")));
        assertEquals(List.of("1212*", "212*"), List.copyOf(NumberKeys.blockForms("+1212*", "US")));
        assertEquals(List.of("4930", "030"), List.copyOf(NumberKeys.destinationForms("+4930", "DE")));
        assertEquals(List.of("030", "4930"), List.copyOf(NumberKeys.destinationForms("030*", "DE")));
    }
}
