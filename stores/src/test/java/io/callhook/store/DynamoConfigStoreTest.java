// The config table over the project's engine through callhook's client: entries, idempotent writes, live reads.
package io.callhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.auth.TokenHashes;
import io.callhook.config.Environment;
import io.callhook.config.LiveConfig;
import io.callhook.config.Organizations;
import io.callhook.config.Setting;
import io.callhook.testing.LocalDynamo;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DynamoConfigStoreTest {

    @Test
    void entriesArePutOnceAndRemovedOnceAndFunctionsReadThemMergedWithTheSeed() {
        LocalDynamo local = LocalDynamo.shared();
        String table = local.createTables().get("ConfigTable");
        DynamoConfigStore store = new DynamoConfigStore(local.client(), table);
        String hash = TokenHashes.hashOf("tabled-token");
        store.put(Setting.WEBHOOK_TOKEN_HASHES, "tabled:" + hash, "tabled:" + hash);
        store.put(Setting.WEBHOOK_TOKEN_HASHES, "tabled:" + hash, "tabled:" + hash);
        store.put(Setting.INTEGRATION_ORGANIZATIONS, "tabled", "tabled:org-t");
        assertEquals(Map.of("tabled:" + hash, "tabled:" + hash), store.entries(Setting.WEBHOOK_TOKEN_HASHES));
        assertEquals(Map.of(), store.entries(Setting.LINE_RULES));

        Environment env = Environment.of(Map.of(LiveConfig.TABLE_VARIABLE, table, LiveConfig.CACHE_VARIABLE, "0",
                Setting.WEBHOOK_TOKEN_HASHES.variable(), "seeded:" + TokenHashes.hashOf("seeded-token"),
                Setting.INTEGRATION_ORGANIZATIONS.variable(), "seeded:org-s"));
        LiveConfig config = DynamoConfigStore.liveConfig(local.client(), env);
        Supplier<TokenHashes> tokens = config.parsed(Setting.WEBHOOK_TOKEN_HASHES, TokenHashes::parse);
        Supplier<Organizations> organizations = Organizations.live(config, env);
        assertEquals("tabled", tokens.get().nameOf("tabled-token").orElseThrow());
        assertEquals("seeded", tokens.get().nameOf("seeded-token").orElseThrow());
        assertEquals("org-t", organizations.get().of("tabled"));
        assertEquals("org-s", organizations.get().of("seeded"));

        assertTrue(store.remove(Setting.WEBHOOK_TOKEN_HASHES, "tabled:" + hash));
        assertFalse(store.remove(Setting.WEBHOOK_TOKEN_HASHES, "tabled:" + hash), "already gone: nothing written");
        assertTrue(tokens.get().nameOf("tabled-token").isEmpty(), "revoked at the next request (cache time 0)");
    }

    @Test
    void aReplaceWritesOnlyOverTheEntryItWasDecidedOn() {
        LocalDynamo local = LocalDynamo.shared();
        DynamoConfigStore store = new DynamoConfigStore(local.client(), local.createTables().get("ConfigTable"));
        assertTrue(store.replace(Setting.ORGANIZATION_SHARDS, "org-a", null, "org-a:4"), "none yet, none expected");
        assertFalse(store.replace(Setting.ORGANIZATION_SHARDS, "org-a", null, "org-a:2"), "one was written since");
        // two raises decided on the same read (4): the second, to 8, lands; the first, to 6, comes late and loses
        assertTrue(store.replace(Setting.ORGANIZATION_SHARDS, "org-a", "org-a:4", "org-a:8"));
        assertFalse(store.replace(Setting.ORGANIZATION_SHARDS, "org-a", "org-a:4", "org-a:6"));
        assertEquals(Map.of("org-a", "org-a:8"), store.entries(Setting.ORGANIZATION_SHARDS, true));
        assertTrue(store.replace(Setting.ORGANIZATION_SHARDS, "org-a", "org-a:8", "org-a:8"), "the same again");
        assertEquals(Map.of("org-a", "org-a:8"), store.entries(Setting.ORGANIZATION_SHARDS));
    }
}
