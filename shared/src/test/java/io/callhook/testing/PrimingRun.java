package io.callhook.testing;

import io.callhook.config.Environment;
import io.callhook.config.PrimingTls;
import io.callhook.config.SnapStartPriming;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.engine.Faults;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Runs the SnapStart priming a function's Lambda constructor registers, against fresh tables of the project's
 * engine, and reports what it sent and whether it touched the engine at all.
 *
 * @param operations the AWS operations the priming sent to its own stub HTTP client
 * @param engineRequests requests that reached the engine while it ran (any operation, any table)
 * @param itemsBefore items per table before
 * @param itemsAfter items per table after
 * @param metricLines CloudWatch metric (EMF) lines written while it ran: priming is not traffic, so none
 * @param handshakes the TLS handshakes the priming completed with its own loopback endpoint
 */
public record PrimingRun(List<String> operations, long engineRequests, Map<String, Integer> itemsBefore,
                         Map<String, Integer> itemsAfter, long metricLines, List<PrimingTls.Handshake> handshakes) {

    /** Builds the handler with {@code construct} on {@code functionId}'s template environment and primes it. */
    public static PrimingRun of(String functionId, Map<String, String> extra, Consumer<Environment> construct) {
        LocalDynamo local = LocalDynamo.shared();
        Map<String, String> tables = local.createTables();
        construct.accept(local.functionEnvironment(functionId, tables, extra));
        try (DynamoDbJsonClient dynamo = local.client()) {
            Map<String, Integer> before = items(dynamo, tables);
            Faults.Rule any = local.engine().faults().add(Faults.Rule.onAny().delay(0));
            List<String> operations;
            long metricLines;
            SnapStartPriming priming = SnapStartPriming.latest();
            try (CapturedLog log = CapturedLog.start()) {
                operations = priming.prime();
                metricLines = log.lines().stream().filter(line -> line.containsKey("_aws")).count();
            } finally {
                local.engine().faults().clear();
            }
            return new PrimingRun(operations, any.fired(), before, items(dynamo, tables), metricLines,
                    priming.handshakes());
        }
    }

    private static Map<String, Integer> items(DynamoDbJsonClient dynamo, Map<String, String> tables) {
        Map<String, Integer> counts = new TreeMap<>();
        tables.values().forEach(table -> counts.put(table, dynamo.scan(b -> b.tableName(table)).count()));
        return counts;
    }
}
