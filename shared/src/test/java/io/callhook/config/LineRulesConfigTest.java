// Unit tests of the LINE_RULES configuration: parsing and refusals, no I/O.
package io.callhook.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.call.LineSettings;
import io.callhook.call.MissSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LineSettingsConfigTest {

    @Test
    void anEmptyConfigurationGivesTheDefaults() {
        MissSettings rules = LineSettingsConfig.parse("{}", Set.of("voicemail"));
        assertEquals(LineSettings.DEFAULT, rules.fallback());
        assertEquals(Set.of("voicemail"), rules.voicemailIdentities());
        assertEquals(LineSettings.DEFAULT, LineSettingsConfig.fromEnvironment(Environment.of(Map.of()))
                .fallback());
    }

    @Test
    void aNamedLineTakesWhatItLeavesOutFromEveryLine() {
        MissSettings rules = LineSettingsConfig.parse("""
                {"*": {"shortAbandonSeconds": 3, "countShortAbandons": false},
                 "support": {"timeZone": "Europe/Berlin", "hours": {"mon-fri": ["08:00-12:00", "13:00-24:00"],
                             "sat": ["09:00-12:00"]}, "holidays": ["2026-12-25"], "shortAbandonSeconds": 7.5}}
                """, Set.of());
        assertEquals(new LineSettings(Duration.ofSeconds(3), false, null), rules.fallback());
        LineSettings support = rules.lines().get("support");
        assertEquals(Duration.ofMillis(7500), support.shortAbandon());
        assertFalse(support.countShortAbandons());
        assertTrue(support.hours().isOpen(Instant.parse("2026-11-23T07:00:00Z")), "Monday 08:00 Berlin");
        assertFalse(support.hours().isOpen(Instant.parse("2026-11-23T11:30:00Z")), "Monday 12:30 Berlin");
        assertTrue(support.hours().isOpen(Instant.parse("2026-11-23T22:59:59Z")), "Monday 23:59:59, open to 24:00");
        assertTrue(support.hours().isOpen(Instant.parse("2026-11-28T08:00:00Z")), "Saturday 09:00");
        assertFalse(support.hours().isOpen(Instant.parse("2026-11-29T10:00:00Z")), "Sunday");
        assertFalse(support.hours().isOpen(Instant.parse("2026-12-25T10:00:00Z")), "a Friday holiday");
        assertNull(rules.fallback().hours());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "{\"support\": 5}", "{\"support\": {\"shortAbandon\": 5}}",
        "{\"support\": {\"shortAbandonSeconds\": -1}}", "{\"support\": {\"countShortAbandons\": \"no\"}}",
        "{\"support\": {\"hours\": {\"mon\": [\"08:00-18:00\"]}}}",
        "{\"support\": {\"timeZone\": \"Mars/Base\", \"hours\": {}}}",
        "{\"support\": {\"timeZone\": \"UTC\", \"hours\": {\"monday\": [\"08:00-18:00\"]}}}",
        "{\"support\": {\"timeZone\": \"UTC\", \"hours\": {\"fri-mon\": [\"08:00-18:00\"]}}}",
        "{\"support\": {\"timeZone\": \"UTC\", \"hours\": {\"mon\": [\"18:00-08:00\"]}}}",
        "{\"support\": {\"timeZone\": \"UTC\", \"hours\": {\"mon\": \"08:00-18:00\"}}}",
        "{\"support\": {\"timeZone\": \"UTC\", \"hours\": {}, \"holidays\": [\"25.12.2026\"]}}"})
    void anInvalidConfigurationStopsTheStartNamingTheVariable(String json) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LineSettingsConfig.parse(json, Set.of()));
        assertTrue(e.getMessage().startsWith("LINE_RULES"), e.getMessage());
    }

    @Test
    void anOrganizationsKeyIsThatOrganizationsLineOnlyAndABareKeyIsTheLineInEveryOrganization() {
        MissSettings rules = LineSettingsConfig.parse("""
                {"desk": {"shortAbandonSeconds": 2},
                 "org-a/desk": {"shortAbandonSeconds": 9},
                 "org-b/org-a/desk": {"shortAbandonSeconds": 4}}
                """, Set.of(), Set.of("1", "org-a", "org-b"));
        assertEquals(Map.of("desk", new LineSettings(Duration.ofSeconds(2), true, null)), rules.lines());
        assertEquals(Map.of("desk", new LineSettings(Duration.ofSeconds(9), true, null)),
                rules.organizationLines().get("org-a"));
        assertEquals(Map.of("org-a/desk", new LineSettings(Duration.ofSeconds(4), true, null)),
                rules.organizationLines().get("org-b"), "org-b's line named org-a/desk, split at the first /");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"org-c/desk\": {}}", "{\"sales/+49 30/5\": {}}", "{\"/desk\": {}}",
        "{\"org-a/\": {}}", "{\"org-a/*\": {}}"})
    void aKeyThatCouldBeReadTwoWaysStopsTheStart(String json) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LineSettingsConfig.parse(json, Set.of(), Set.of("1", "org-a")));
        assertTrue(e.getMessage().startsWith("LINE_RULES: line ") && e.getMessage().contains("is ambiguous"),
                e.getMessage());
    }

    @Test
    void theOrganizationsOfAKeyAreTheDeploymentsFromTheEnvironment() {
        String json = "{\"org-a/desk\": {\"shortAbandonSeconds\": 9}}";
        assertThrows(IllegalStateException.class,
                () -> LineSettingsConfig.fromEnvironment(Environment.of(Map.of(LineSettingsConfig.VARIABLE, json))));
        MissSettings rules = LineSettingsConfig.fromEnvironment(Environment.of(Map.of(LineSettingsConfig.VARIABLE, json,
                Organizations.MAPPING_VARIABLE, "acme:org-a")));
        assertEquals(Duration.ofSeconds(9), rules.organizationLines().get("org-a").get("desk").shortAbandon());
    }
}
