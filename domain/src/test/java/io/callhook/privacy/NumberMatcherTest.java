// Pure tests of the number matching erasure and export use, and of the erasure tombstones' check.
package io.callhook.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NumberMatcherTest {

    static final List<String> FORMATS = List.of("+49 30 23125741", "0049 30 2312-5741", "493023125741",
            "+49 (30) 2312.5741", "tel:+49-30-23125741", "sip:+493023125741@pbx.example.com;user=phone",
            "030 23125741", "030/23125741");

    @Test
    void everyFormatOfTheNumberMatchesWithACountryCode() {
        NumberMatcher number = NumberMatcher.of("+49 30 23125741", "49");
        FORMATS.forEach(format -> assertTrue(number.matches(format), format));
        assertEquals("493023125741", number.canonical());
        for (String other : List.of("+49 30 23125742", "4930231257410", "3023125741", "anonymous", "", "support",
                "+1 30 23125741")) {
            assertFalse(number.matches(other), other);
        }
        assertFalse(number.matches(null));
    }

    @Test
    void withoutACountryCodeANationalNumberIsItsOwnNumber() {
        NumberMatcher international = NumberMatcher.of("0049 30 23125741", null);
        assertTrue(international.matches("+493023125741"));
        assertFalse(international.matches("030 23125741"), "the PBX's country is unknown");
        NumberMatcher national = NumberMatcher.of("030 23125741", null);
        assertTrue(national.matches("030-23125741"));
        assertFalse(national.matches("+493023125741"));
        NumberMatcher nationalIn49 = NumberMatcher.of("030 23125741", "+49");
        assertTrue(nationalIn49.matches("+493023125741"));
    }

    @Test
    void refusesWhatIsNoNumberOrNoCountryCode() {
        for (String bad : List.of("anonymous", "", "  ", "12", "call me", "+49 30 x")) {
            assertThrows(IllegalArgumentException.class, () -> NumberMatcher.of(bad, null), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> NumberMatcher.of("+4930231", "4900"));
        assertThrows(IllegalArgumentException.class, () -> NumberMatcher.of("+4930231", "0"));
    }

    @Test
    void aTombstoneNamesTheNumberByHashAndCoversCallsHeardOfUntilTheErasure() {
        NumberMatcher number = NumberMatcher.of("+49 30 23125741", "49");
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        ErasedNumbers.Tombstone tombstone = new ErasedNumbers.Tombstone("org-a", number.hashIn("org-a"), at, "49");
        assertFalse(tombstone.entry().contains("23125741"));
        ErasedNumbers erased = ErasedNumbers.parse("org-b:" + "0".repeat(64) + ":1:-," + tombstone.entry());
        for (String format : FORMATS) {
            assertTrue(erased.erased("org-a", format, at), format);
            assertTrue(erased.erased("org-a", format, at.minusSeconds(3600)), format);
            assertFalse(erased.erased("org-a", format, at.plusMillis(1)), "a call heard of later is new: " + format);
            assertFalse(erased.erased("org-b", format, at), "another organization's number: " + format);
        }
        assertFalse(erased.erased("org-a", "+49 30 23125742", at));
        assertTrue(erased.erased("org-a", "+493023125741", null), "a call of unknown first sight counts as old");
        assertTrue(ErasedNumbers.parse("").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ErasedNumbers.parse("org-a:+493023125741:1:-"));
    }

    @Test
    void anEventsStringsAreCheckedInEachTombstonesOwnCountryCodeAndAnswerTheLatestErasure() {
        Instant first = Instant.parse("2026-12-01T10:00:00Z");
        Instant second = Instant.parse("2026-12-03T10:00:00Z");
        String in49 = new ErasedNumbers.Tombstone("org-a", NumberMatcher.of("+49 30 23125741", "49").hashIn("org-a"),
                first, "49").entry();
        String again = new ErasedNumbers.Tombstone("org-a", NumberMatcher.of("0049 30 2312-5741", null)
                .hashIn("org-a"), second, null).entry();
        String national = new ErasedNumbers.Tombstone("org-a", NumberMatcher.of("0221 4710334", null)
                .hashIn("org-a"), first, null).entry();
        ErasedNumbers erased = ErasedNumbers.parse(String.join(",", in49, again, national));
        for (String format : FORMATS) {
            Instant expected = format.startsWith("030") ? first : second;
            assertEquals(expected, erased.erasedAt("org-a", java.util.Arrays.asList("support", null, format)),
                    "the national form matches only the tombstone written in 49: " + format);
        }
        assertEquals(first, erased.erasedAt("org-a", List.of("0221-4710334")), "a national tombstone, national");
        assertEquals(null, erased.erasedAt("org-a", List.of("+49 221 4710334")), "without a code it stays national");
        assertEquals(null, erased.erasedAt("org-a", List.of("+49 30 23125742", "anonymous", "", "emma")));
        assertEquals(null, erased.erasedAt("org-b", FORMATS));
        assertTrue(erased.erased("org-a", "+493023125741", second), "the latest erasure counts");
        assertFalse(erased.erased("org-a", "+493023125741", second.plusMillis(1)));
    }
}
