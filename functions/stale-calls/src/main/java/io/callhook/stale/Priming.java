package io.callhook.stale;

import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.Organizations;
import io.callhook.config.PrimingHttpClient;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.json.Json;
import io.callhook.store.CallItemLayout;
import io.callhook.store.CallKeys;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoOpenCalls;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * SnapStart priming of the scheduled run: one run through a handler whose AWS client answers itself
 * ({@link PrimingHttpClient}), with one organization of its own ({@value #ORGANIZATION}, one index shard). The
 * open-calls index Query is marshalled and signed, its answer (one call's keys) unmarshalled, the BatchGetItem of its
 * record (a call ringing since 1970) marshalled and unmarshalled, judged overdue and closed by an inferred hangup:
 * the store's UpdateItem marshalled and signed, answered by the stub.
 * Nothing leaves the process, so no table is read or written.
 */
final class StaleCallsPriming {

    static final String ORGANIZATION = "snapstart-priming";
    private static final String KEY = "priming:snapstart-priming";
    static final String QUERY = "DynamoDB_20120810.Query";
    static final String BATCH_GET = "DynamoDB_20120810.BatchGetItem";
    /** The scheduled event's time: any time after the sample call's limit. */
    static final String TIME = "2020-01-01T00:00:00Z";

    private StaleCallsPriming() {
    }

    /** Runs the scheduled run once; returns the operations sent. */
    static List<String> primeRequestPath(Environment env) {
        PrimingHttpClient http = PrimingHttpClient.answering(Map.of(QUERY, openCallQueryAnswer(),
                BATCH_GET, openCallRecordAnswer(env.require(DynamoCallStore.TABLE_VARIABLE))));
        DynamoDbJsonClient dynamo = AwsClients.dynamoDb(env, http);
        new StaleCallsHandler(new DynamoOpenCalls(dynamo, env.require(DynamoCallStore.TABLE_VARIABLE), 1),
                DynamoCallStore.fromEnvironment(dynamo, env, () -> Organizations.parse("", ORGANIZATION)),
                Organizations.parse("", ORGANIZATION),
                StaleCallsHandler.limits(env), Clock.systemUTC())
                .handleRequest(Map.of("detail-type", "Scheduled Event", "time", TIME), null);
        return http.operations();
    }

    /** The index's answer, in DynamoDB's JSON: the keys of one call of the priming organization, ringing since 0. */
    static String openCallQueryAnswer() {
        Map<String, Object> item = Map.of(
                CallItemLayout.KEY, s(KEY),
                CallItemLayout.OVERDUE_SHARD, s(CallKeys.overdueShard(ORGANIZATION, 0, CallItemLayout.RINGING)),
                CallItemLayout.QUIET_SINCE, Map.of("N", "0"));
        return Json.write(Map.of("Count", 1, "ScannedCount", 1, "Items", List.of(item)));
    }

    /** The record the index listed, as BatchGetItem answers it: an inbound call ringing since 0. */
    static String openCallRecordAnswer(String table) {
        Map<String, Object> item = Map.of(
                CallItemLayout.KEY, s(KEY),
                CallItemLayout.CALL_ID, s("snapstart-priming"),
                CallItemLayout.SOURCE, s("priming"),
                CallItemLayout.ORGANIZATION_ID, s(ORGANIZATION),
                CallItemLayout.OVERDUE_SHARD, s(CallKeys.overdueShard(ORGANIZATION, 0, CallItemLayout.RINGING)),
                CallItemLayout.QUIET_SINCE, Map.of("N", "0"),
                CallItemLayout.DIRECTION, s("in"),
                CallItemLayout.FIRST_SEEN_AT, Map.of("N", "0"),
                CallItemLayout.RINGING_AT, Map.of("N", "0"));
        return Json.write(Map.of("Responses", Map.of(table, List.of(item)), "UnprocessedKeys", Map.of()));
    }

    private static Map<String, String> s(String value) {
        return Map.of("S", value);
    }
}
