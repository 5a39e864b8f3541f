// LiveConfig over a stub table (a map and a counter): merging, caching, failures, no I/O.
package io.callhook.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.auth.TokenHashes;
import io.callhook.call.MissSettings;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LiveConfigTest {

    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    private final Map<Setting, Map<String, String>> table = new EnumMap<>(Setting.class);
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicLong now = new AtomicLong();
    private RuntimeException failure;

    private LiveConfig config(Map<String, String> env) {
        return new LiveConfig(Environment.of(env), setting -> {
            reads.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return new TreeMap<>(table.getOrDefault(setting, Map.of()));
        }, Duration.ofSeconds(30), now::get);
    }

    @Test
    void theTablesEntriesAddToTheSeedAndReplaceItsEntriesOfTheSameId() {
        assertEquals("pbx:" + A + ",acme:" + B, LiveConfig.merge(Setting.WEBHOOK_TOKEN_HASHES, "pbx:" + A,
                Map.of("acme:" + B, "acme:" + B)));
        assertEquals("pbx:org-b,acme:org-a", LiveConfig.merge(Setting.INTEGRATION_ORGANIZATIONS,
                " pbx : org-a , acme:org-a", Map.of("pbx", "pbx:org-b")), "the table moves pbx");
        assertEquals(Map.of("support", Map.of("shortAbandonSeconds", 9), "sales", Map.of("countShortAbandons", false)),
                io.callhook.json.Json.parseObject(LiveConfig.merge(Setting.LINE_RULES,
                        "{\"support\": {\"shortAbandonSeconds\": 2}, \"sales\": {\"countShortAbandons\": false}}",
                        Map.of("support", "{\"shortAbandonSeconds\": 9}"))));
        assertEquals("{}", LiveConfig.merge(Setting.LINE_RULES, "{}", Map.of()), "no entries: the seed as it is");
    }

    @Test
    void nothingIsReadBeforeTheFirstUseAndThenOncePerCacheTime() {
        LiveConfig config = config(Map.of(Setting.WEBHOOK_TOKEN_HASHES.variable(), "pbx:" + A));
        Supplier<TokenHashes> tokens = config.parsed(Setting.WEBHOOK_TOKEN_HASHES, TokenHashes::parse);
        assertEquals(0, reads.get(), "SnapStart priming and the constructor read nothing");
        table.put(Setting.WEBHOOK_TOKEN_HASHES, Map.of("acme:" + TokenHashes.hashOf("t"),
                "acme:" + TokenHashes.hashOf("t")));
        assertEquals("acme", tokens.get().nameOf("t").orElseThrow());
        TokenHashes first = tokens.get();
        assertEquals(1, reads.get());
        assertSame(first, tokens.get(), "unchanged: not parsed again");
        table.put(Setting.WEBHOOK_TOKEN_HASHES, Map.of());
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertTrue(tokens.get().nameOf("t").isPresent(), "revoked, but cached for up to 30 s");
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertTrue(tokens.get().nameOf("t").isEmpty(), "revoked once the cache time is over");
        assertEquals(2, reads.get());
    }

    @Test
    void aFailedReadKeepsTheEarlierCopyAndWithoutOneFails() {
        LiveConfig config = config(Map.of());
        Supplier<TokenHashes> tokens = config.parsed(Setting.WEBHOOK_TOKEN_HASHES, TokenHashes::parse);
        failure = new IllegalStateException("table down");
        assertThrows(IllegalStateException.class, tokens::get);
        failure = null;
        table.put(Setting.WEBHOOK_TOKEN_HASHES, Map.of("x", "acme:" + TokenHashes.hashOf("t")));
        assertTrue(tokens.get().nameOf("t").isPresent());
        failure = new IllegalStateException("table down");
        now.addAndGet(Duration.ofMinutes(5).toNanos());
        assertTrue(tokens.get().nameOf("t").isPresent(), "the earlier copy");
        assertEquals(3, reads.get());
        tokens.get();
        assertEquals(4, reads.get(), "the next request reads again");
    }

    @Test
    void anInvalidTableEntryKeepsTheLastValidValueAndAnInvalidSeedStopsTheStart() {
        LiveConfig config = config(Map.of(Setting.INTEGRATION_ORGANIZATIONS.variable(), "pbx:org-a"));
        Supplier<Organizations> organizations = Organizations.live(config, Environment.of(Map.of()));
        assertEquals("org-a", organizations.get().of("pbx"));
        table.put(Setting.INTEGRATION_ORGANIZATIONS, Map.of("bad", "bad:org a"));
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        assertEquals("org-a", organizations.get().of("pbx"));
        assertThrows(IllegalStateException.class, () -> config(Map.of(Setting.WEBHOOK_TOKEN_HASHES.variable(),
                "acme:foo:" + A)).parsed(Setting.WEBHOOK_TOKEN_HASHES,
                value -> TokenHashes.parse("WEBHOOK_TOKEN_HASHES", value)));
    }

    @Test
    void lineRulesAreCheckedAgainstTheOrganizationsTheTableAdds() {
        Map<String, String> env = Map.of(Setting.LINE_RULES.variable(),
                "{\"org-a/desk\": {\"shortAbandonSeconds\": 9}}");
        Supplier<MissSettings> rules = LineSettingsConfig.live(config(env), Environment.of(env));
        assertEquals(null, rules.get().organizationLines().get("org-a"),
                "org-a is no organization yet: its lines apply to no call, and the rules are still read");
        table.put(Setting.INTEGRATION_ORGANIZATIONS, Map.of("pbx", "pbx:org-a"));
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        assertEquals(Duration.ofSeconds(9), rules.get().organizationLines().get("org-a").get("desk").shortAbandon());
    }

    @Test
    void aHashEntryIsTheSameEntryWhateverTheCaseOfItsHexDigits() {
        assertEquals(Setting.WEBHOOK_TOKEN_HASHES.idOf("pbx:" + A.toUpperCase()),
                Setting.WEBHOOK_TOKEN_HASHES.idOf(" pbx : " + A));
        assertEquals(Setting.ORGANIZATION_ADMIN_TOKEN_HASHES.idOf("org-a:" + A.toUpperCase()),
                Setting.ORGANIZATION_ADMIN_TOKEN_HASHES.idOf("org-a:" + A));
    }
}
