package io.callhook.stale;

import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.Organizations;
import io.callhook.config.PrimingHttpClient;
import io.callhook.dynamodb.DynamoDbClient;
import io.callhook.json.Json;
import io.callhook.store.CallItems;
import io.callhook.store.CallKeys;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoOpenCalls;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * SnapStart priming of the scheduled run: one run through a handler whose AWS client answers itself
 * ({@link PrimingHttpClient}), with one organization of its own ({@value #ORGANIZATION}, one index shard). The
 * open-calls index Query is marshalled and signed, its answer (one call ringing since 1970) unmarshalled, judged
 * overdue and closed by an inferred hangup: the store's UpdateItem marshalled and signed, answered by the stub.
 * Nothing leaves the process, so no table is read or written.
 */
final class Priming {

    static final String ORGANIZATION = "snapstart-priming";
    static final String QUERY = "DynamoDB_20120810.Query";
    /** The scheduled event's time: any time after the sample call's limit. */
    static final String TIME = "2020-01-01T00:00:00Z";

    private Priming() {
    }

    /** Runs the scheduled run once; returns the operations sent. */
    static List<String> primeRequestPath(Environment env) {
        PrimingHttpClient http = PrimingHttpClient.answering(QUERY, openCallQueryAnswer());
        DynamoDbClient dynamo = AwsClients.dynamoDb(env, http);
        new StaleCallsHandler(new DynamoOpenCalls(dynamo, env.require(DynamoCallStore.TABLE_VARIABLE), 1),
                DynamoCallStore.fromEnvironment(dynamo, env, () -> Organizations.parse("", ORGANIZATION)),
                Organizations.parse("", ORGANIZATION),
                StaleCallsHandler.limits(env), Clock.systemUTC())
                .handleRequest(Map.of("detail-type", "Scheduled Event", "time", TIME), null);
        return http.operations();
    }

    /** The index's answer, in DynamoDB's JSON: one inbound call of the priming organization, ringing since 0. */
    static String openCallQueryAnswer() {
        Map<String, Object> item = Map.of(
                CallItems.KEY, s("priming:snapstart-priming"),
                CallItems.CALL_ID, s("snapstart-priming"),
                CallItems.SOURCE, s("priming"),
                CallItems.ORGANIZATION_ID, s(ORGANIZATION),
                CallItems.OVERDUE_SHARD, s(CallKeys.overdueShard(ORGANIZATION, 0, CallItems.RINGING)),
                CallItems.QUIET_SINCE, Map.of("N", "0"),
                CallItems.DIRECTION, s("in"),
                CallItems.FIRST_SEEN_AT, Map.of("N", "0"),
                CallItems.RINGING_AT, Map.of("N", "0"));
        return Json.write(Map.of("Count", 1, "ScannedCount", 1, "Items", List.of(item)));
    }

    private static Map<String, String> s(String value) {
        return Map.of("S", value);
    }
}
