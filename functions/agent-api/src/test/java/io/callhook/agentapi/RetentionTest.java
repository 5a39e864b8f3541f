// Retention per organization and integration over the engine: the webhook store's call expiry, the stream
// function's missed entries and worklist facts and items, set through the admin API's retention routes (config
// table) and read back from the tables.
package io.callhook.agentapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import io.callhook.auth.TokenHashes;
import io.callhook.call.CallEvent;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.call.MissSettings;
import io.callhook.config.Environment;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.json.Json;
import io.callhook.missed.MissedCallsHandler;
import io.callhook.privacy.ErasedNumbers;
import io.callhook.config.RetentionPolicy;
import io.callhook.store.CallItemLayout;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoCallbackStore;
import io.callhook.store.DynamoConfigStore;
import io.callhook.store.DynamoMissedCallStore;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.StreamRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionTest {

    static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");

    final LocalDynamo local = LocalDynamo.shared();
    final DynamoDbJsonClient dynamo = local.client();
    final Map<String, String> tables = local.createTables();
    final Map<String, String> extra = Map.of("CONFIG_CACHE_SECONDS", "0",
            "INTEGRATION_ORGANIZATIONS", "pbx:org-a,desk:org-a,other:org-b",
            AdminApiHandler.ADMIN_TOKEN_HASH_VARIABLE, TokenHashes.hashOf(AdminApiHandlerTest.ADMIN_TOKEN));
    final Environment env = local.functionEnvironment("CtiWebhookFunction", tables, extra);
    final AdminApiHandler admin = new AdminApiHandler(local.functionEnvironment("AdminApiFunction", tables, extra));
    final DynamoCallStore calls = DynamoCallStore.live(dynamo, env, DynamoConfigStore.liveConfig(dynamo, env));
    final MissedCallsHandler stream = new MissedCallsHandler(DynamoMissedCallStore.fromEnvironment(dynamo,
            local.functionEnvironment("MissedCallsFunction", tables, extra)),
            DynamoCallbackStore.fromEnvironment(dynamo, local.functionEnvironment("MissedCallsFunction", tables,
                    extra)), (type, detail) -> { }, () -> MissSettings.of(Set.of("voicemail")), ErasedNumbers::none,
            DynamoCallStore.retention(DynamoConfigStore.liveConfig(dynamo, env), env));

    APIGatewayV2HTTPResponse retention(String method, String organization, String body) {
        APIGatewayV2HTTPEvent event = PrivacyRoutesTest.event("post-erasure", organization,
                AdminApiHandlerTest.ADMIN_TOKEN);
        String route = method + " /api/v1/admin/organizations/{organization}/retention";
        event.setRouteKey(route);
        event.getRequestContext().setRouteKey(route);
        event.getRequestContext().getHttp().setMethod(method);
        event.setBody(body);
        return admin.handleRequest(event, null);
    }

    /** A missed inbound call of {@code integration}, through the store and the stream function. */
    void missedCall(String integration, String id, String number) {
        for (CallEvent event : List.of(
                CallEvent.builder(id, integration, EventType.NEW_CALL, T0).direction(Direction.IN)
                        .from(number).to("+4922100").queue("support").ringingAt(T0).build(),
                CallEvent.builder(id, integration, EventType.HANGUP, T0.plusSeconds(30)).endedAt(T0.plusSeconds(30))
                        .cause("cancel", Cause.CANCEL).build())) {
            Map<String, AttributeValue> key = CallItemLayout.key(integration + ":" + id);
            Map<String, AttributeValue> before = item("CallsTable", key);
            calls.apply(event);
            DynamodbEvent batch = new DynamodbEvent();
            batch.setRecords(List.of(StreamRecords.change(key, before, item("CallsTable", key), "1")));
            assertEquals(List.of(), stream.handleRequest(batch, null).getBatchItemFailures());
        }
    }

    Map<String, AttributeValue> item(String table, Map<String, AttributeValue> key) {
        return dynamo.getItem(b -> b.tableName(tables.get(table)).key(key).consistentRead(true)).item();
    }

    /** Days between the call's first sight and each expiry of a table's items about call {@code id}. */
    Set<Long> days(String table, String id) {
        Set<Long> days = new java.util.TreeSet<>();
        try (var sdk = local.sdkClient()) {
            sdk.scanPaginator(b -> b.tableName(tables.get(table))).items().forEach(item -> {
                if (item.toString().contains(id) && item.containsKey("expiresAt")) {
                    days.add(Duration.between(T0, Instant.ofEpochSecond(Long.parseLong(item.get("expiresAt").n())))
                            .toDays());
                }
            });
        }
        return days;
    }

    @Test
    void eachKindIsKeptItsOrganizationsOrIntegrationsDays() {
        APIGatewayV2HTTPResponse set = retention("PUT", "org-a",
                "{\"calls\": 90, \"missedCalls\": 30, \"callbacks\": 60, \"audit\": 730}");
        assertEquals(200, set.getStatusCode(), set.getBody());
        assertEquals(Map.of("calls", 90, "missedCalls", 30, "callbacks", 60, "audit", 730),
                Json.parseObject(set.getBody()).get("days"));
        APIGatewayV2HTTPResponse desk = retention("PUT", "org-a", "{\"integration\": \"desk\", \"calls\": 7,"
                + " \"callbacks\": 7}");
        assertEquals(200, desk.getStatusCode(), desk.getBody());
        Map<String, Object> view = Json.parseObject(retention("GET", "org-a", null).getBody());
        assertEquals(Map.of("desk", Map.of("calls", 7, "missedCalls", 30, "callbacks", 7, "audit", 730)),
                view.get("integrations"));

        missedCall("pbx", "r1", "+4930111");
        missedCall("desk", "r2", "+4930222");
        missedCall("other", "r3", "+4930333");
        assertEquals(Set.of(90L), days("CallsTable", "pbx:r1"));
        assertEquals(Set.of(7L), days("CallsTable", "desk:r2"));
        assertEquals(Set.of(365L), days("CallsTable", "other:r3"), "org-b keeps RetentionDays");
        assertEquals(Set.of(30L), days("MissedCallsTable", "pbx:r1"));
        assertEquals(Set.of(30L), days("MissedCallsTable", "desk:r2"));
        assertEquals(Set.of(365L), days("MissedCallsTable", "other:r3"));
        assertEquals(Set.of(60L), days("CallbacksTable", "pbx:r1"));
        assertEquals(Set.of(7L), days("CallbacksTable", "desk:r2"));
    }

    @Test
    void aRetentionTheFunctionsWouldRefuseIsRefusedAndNotStored() {
        for (String body : List.of("{\"calls\": 0}", "{\"calls\": 3651}", "{\"calls\": \"90\"}", "{\"days\": 9}",
                "{\"integration\": \"other\", \"calls\": 5}",
                "{\"integration\": \"nowhere\", \"calls\": 5}")) {
            APIGatewayV2HTTPResponse refused = retention("PUT", "org-a", body);
            assertTrue(refused.getStatusCode() == 422 || refused.getStatusCode() == 404, body + ": "
                    + refused.getBody());
        }
        assertEquals(Map.of(), new DynamoConfigStore(dynamo, tables.get("ConfigTable"))
                .entries(io.callhook.config.Setting.RETENTION));
        assertEquals(404, retention("GET", "org-c", null).getStatusCode());
    }

    @Test
    void thePolicyFallsBackFromIntegrationToOrganizationToTheDeployment() {
        RetentionPolicy policy = RetentionPolicy.parse("{\"org-a\": {\"calls\": 90, \"audit\": 10},"
                + " \"org-a/pbx\": {\"calls\": 30}}", 365);
        assertEquals(new RetentionPolicy.Days(30, 365, 30, 10), policy.of("org-a", "pbx"));
        assertEquals(new RetentionPolicy.Days(90, 365, 90, 10), policy.of("org-a", "desk"));
        assertEquals(new RetentionPolicy.Days(365, 365, 365, 365), policy.of("org-b", "pbx"));
        assertEquals(new RetentionPolicy.Days(30, 365, 30, 365), RetentionPolicy.parse("{\"org-a/pbx\": {\"calls\":"
                + " 30}, \"org-a\": {\"callbacks\": 60}}", 365).of("org-a", "pbx"), "no worklist outlasts its calls");
        assertThrows(IllegalArgumentException.class, () -> RetentionPolicy.parse("{\"a/b/c\": {}}", 365));
    }
}
