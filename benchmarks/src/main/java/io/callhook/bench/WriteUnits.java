package io.callhook.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.callhook.call.CallEvent;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.call.MissSettings;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.Organizations;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.engine.CapacityUnits;
import io.callhook.engine.Engine;
import io.callhook.engine.ManualClock;
import io.callhook.logmarker.CallLogMarkerHandler;
import io.callhook.missed.MissedCallsHandler;
import io.callhook.store.DynamoReportStore;
import io.callhook.store.CallItemLayout;
import io.callhook.store.CallLogMarkers;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoCallbackStore;
import io.callhook.store.DynamoMissedCallStore;
import io.callhook.template.LocalTables;
import io.callhook.template.SamTemplate;
import io.callhook.testing.StreamRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a call event costs in DynamoDB units, over every table and index, on a realistic mix: call events written by
 * the real call store (what the webhooks run), each change handed as its stream record to the real stream function
 * (missed-call list and counts, callback worklist, report facts) and to the caller-log marker's stream reader (the
 * calls stream's second reader: one marker raise per batch and organization), all into the engine, whose unit
 * accounting applies DynamoDB's on-demand rules (items as stored, index writes only when the index's projection
 * changes, transactions twice).
 *
 * <p>Model (defaults; {@code name=value} to change): 20 organizations of 5 lines, 20,000 calls; 40 % of calls from
 * a pool of 100 repeat numbers per organization, the rest from numbers seen once; 85 % inbound: 8 % of all calls
 * missed (ring, hang-up), 5 % forwarded (ring, a forwarded leg linked to it, hang-up as forwarded, the leg answered
 * and hung up), the rest answered (ring, answer, hang-up); 15 % outbound to a repeat number, 70 % of them answered,
 * the rest unanswered attempts. Calls overlap: up to 8 are in progress at once and their events interleave. The
 * stream records reach the stream function in batches of 100 ({@code batch}) and the caller-log marker's reader in
 * batches of 1,000 ({@code markerBatch}; {@code 0}: no marker reader), each its template's {@code BatchSize}, as a
 * stream busy enough to fill a batch within its one-second window delivers them: the caller log's change marker is
 * raised once per marker batch for each organization the batch holds, so its cost per call event depends on that
 * batch ({@code markerBatch=1}: a quiet stream, one event a batch).
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks -am package -DskipTests exec:java
 * -Dexec.mainClass=io.callhook.bench.WriteUnits -Dexec.args="calls=20000"}.
 */
public final class WriteUnits {

    /** DynamoDB on-demand list prices in us-east-1 (USD per million request units), as of December 2026. */
    static final double WRITE_PRICE = 0.625;
    static final double READ_PRICE = 0.125;

    record Model(int organizations, int lines, int calls, double repeatShare, double missedShare,
                 double forwardedShare, double outboundShare, int overlap, long seed, int batch, int markerBatch) {

        static Model parse(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (String arg : args) {
                String[] pair = arg.split("=", 2);
                given.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
            return new Model(Integer.parseInt(given.getOrDefault("organizations", "20")),
                    Integer.parseInt(given.getOrDefault("lines", "5")),
                    Integer.parseInt(given.getOrDefault("calls", "20000")),
                    Double.parseDouble(given.getOrDefault("repeatShare", "0.4")),
                    Double.parseDouble(given.getOrDefault("missedShare", "0.08")),
                    Double.parseDouble(given.getOrDefault("forwardedShare", "0.05")),
                    Double.parseDouble(given.getOrDefault("outboundShare", "0.15")),
                    Integer.parseInt(given.getOrDefault("overlap", "8")),
                    Long.parseLong(given.getOrDefault("seed", "1")),
                    Integer.parseInt(given.getOrDefault("batch", "100")),
                    Integer.parseInt(given.getOrDefault("markerBatch", "1000")));
        }
    }

    /** The units of a run and how many call events made them. */
    record Result(long events, long streamRecords, List<CapacityUnits.Usage> usage) {

        double writeUnits() {
            return usage.stream().mapToDouble(CapacityUnits.Usage::writeUnits).sum();
        }

        double readUnits() {
            return usage.stream().mapToDouble(CapacityUnits.Usage::readUnits).sum();
        }
    }

    private WriteUnits() {
    }

    public static void main(String[] args) {
        Model model = Model.parse(args);
        System.out.println("# write units per call event: " + model);
        report(model, run(model));
        System.exit(0);
    }

    /** Runs the model on a fresh engine. */
    static Result run(Model model) {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-30T09:00:00Z"));
        try (Engine engine = Engine.builder().clock(clock).ttlSweepInterval(Duration.ZERO).start();
             DynamoDbClient sdk = EngineBenchmarks.client(engine.endpoint())) {
            Map<String, String> tables = LocalTables.create(sdk, SamTemplate.load(SamTemplate.find()),
                    UnaryOperator.identity());
            StringBuilder mapping = new StringBuilder();
            for (int organization = 0; organization < model.organizations(); organization++) {
                mapping.append(organization == 0 ? "" : ",").append("pbx").append(organization).append(":org")
                        .append(organization);
            }
            io.callhook.dynamodb.DynamoDbJsonClient dynamo = AwsClients.dynamoDb(Environment.of(Map.of(
                    AwsClients.DYNAMODB_ENDPOINT, engine.endpoint(), AwsClients.REGION, "us-east-1")));
            DynamoCallStore calls = new DynamoCallStore(dynamo, tables.get("CallsTable"), Duration.ofDays(365),
                    Organizations.parse(mapping.toString(), "org0"), 1);
            MissedCallsHandler stream = new MissedCallsHandler(
                    new DynamoMissedCallStore(dynamo, tables.get("MissedCallsTable"), 1),
                    new DynamoCallbackStore(dynamo, tables.get("CallbacksTable"), 1, Duration.ofDays(365)),
                    new DynamoReportStore(dynamo, tables.get("MissedCallsTable"), 1),
                    (type, detail) -> { }, MissSettings.of(Set.of("voicemail")));
            CallLogMarkerHandler marker = new CallLogMarkerHandler(
                    new CallLogMarkers(dynamo, tables.get("MissedCallsTable")));
            Random random = new Random(model.seed());
            List<List<CallEvent>> inProgress = new ArrayList<>();
            long events = 0;
            long records = 0;
            int started = 0;
            List<DynamodbEvent.DynamodbStreamRecord> batch = new ArrayList<>();
            List<DynamodbEvent.DynamodbStreamRecord> markerBatch = new ArrayList<>();
            CapacityUnits units = engine.units();
            units.reset();
            while (started < model.calls() || !inProgress.isEmpty()) {
                while (started < model.calls() && inProgress.size() < model.overlap()) {
                    inProgress.add(call(model, random, started++, clock.instant()));
                }
                List<CallEvent> call = inProgress.get(random.nextInt(inProgress.size()));
                CallEvent event = call.remove(0);
                if (call.isEmpty()) {
                    inProgress.remove(call);
                }
                clock.advance(Duration.ofMillis(200));
                String key = event.source() + ":" + event.callId();
                String previous = event.previousCallId() == null ? null
                        : event.source() + ":" + event.previousCallId();
                Map<String, AttributeValue> before = image(dynamo, tables, key);
                Map<String, AttributeValue> previousBefore = previous == null ? null : image(dynamo, tables, previous);
                units.start();
                calls.apply(event);
                units.stop();
                events++;
                List<DynamodbEvent.DynamodbStreamRecord> changes = new ArrayList<>();
                changes.add(record(key, before, image(dynamo, tables, key), events));
                if (previous != null) {
                    changes.add(record(previous, previousBefore, image(dynamo, tables, previous), events));
                }
                batch.addAll(changes);
                markerBatch.addAll(model.markerBatch() > 0 ? changes : List.of());
                boolean last = started == model.calls() && inProgress.isEmpty();
                if (batch.size() >= model.batch() || last) {
                    records += deliver(stream::handleRequest, units, batch);
                    batch = new ArrayList<>();
                }
                if (!markerBatch.isEmpty() && (markerBatch.size() >= model.markerBatch() || last)) {
                    deliver(marker::handleRequest, units, markerBatch);
                    markerBatch = new ArrayList<>();
                }
            }
            return new Result(events, records, units.usage());
        }
    }

    /** Hands {@code batch} to a stream reader as one invocation, counted; returns its records. */
    private static int deliver(BiFunction<DynamodbEvent, Context, StreamsEventResponse> reader, CapacityUnits units,
                               List<DynamodbEvent.DynamodbStreamRecord> batch) {
        DynamodbEvent change = new DynamodbEvent();
        change.setRecords(batch);
        units.start();
        if (!reader.apply(change, null).getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException("a stream record failed");
        }
        units.stop();
        return batch.size();
    }

    private static DynamodbEvent.DynamodbStreamRecord record(String key, Map<String, AttributeValue> before,
                                                             Map<String, AttributeValue> after, long sequence) {
        return StreamRecords.change(CallItemLayout.key(key), before, after, Long.toString(sequence));
    }

    private static Map<String, AttributeValue> image(io.callhook.dynamodb.DynamoDbJsonClient dynamo,
                                                     Map<String, String> tables, String key) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tables.get("CallsTable"))
                .key(CallItemLayout.key(key)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    /** The webhook events of one call, in the order the provider sends them. */
    static List<CallEvent> call(Model model, Random random, int index, Instant start) {
        int organization = random.nextInt(model.organizations());
        String source = "pbx" + organization;
        String line = "line" + random.nextInt(model.lines());
        String agent = "agent-" + random.nextInt(20);
        String repeat = "+4930" + (1_000_000 + organization * 1000 + random.nextInt(100));
        String number = random.nextDouble() < model.repeatShare() ? repeat : "+4989" + (10_000_000 + index);
        String id = "call-" + index;
        List<CallEvent> events = new ArrayList<>();
        double kind = random.nextDouble();
        if (kind < model.outboundShare()) {
            boolean answered = random.nextDouble() < 0.7;
            events.add(CallEvent.builder(id, source, EventType.NEW_CALL, start).direction(Direction.OUT)
                    .from(line).to(repeat).queue(line).users(Set.of(agent)).ringingAt(start).build());
            if (answered) {
                events.add(CallEvent.builder(id, source, EventType.ANSWER, start.plusSeconds(8))
                        .direction(Direction.OUT).answeredAt(start.plusSeconds(8)).build());
            }
            events.add(hangup(id, source, Direction.OUT, start.plusSeconds(answered ? 120 : 30),
                    answered ? Cause.NORMAL : Cause.NO_ANSWER));
            return events;
        }
        events.add(CallEvent.builder(id, source, EventType.NEW_CALL, start).direction(Direction.IN).from(number)
                .to("+4922100").queue(line).users(Set.of(agent)).ringingAt(start).build());
        kind = random.nextDouble() * (1 - model.outboundShare());
        if (kind < model.missedShare()) {
            events.add(hangup(id, source, Direction.IN, start.plusSeconds(25), Cause.CANCEL));
        } else if (kind < model.missedShare() + model.forwardedShare()) {
            String leg = id + "-fwd";
            Instant forwarded = start.plusSeconds(15);
            events.add(CallEvent.builder(leg, source, EventType.NEW_CALL, forwarded).direction(Direction.IN)
                    .from(number).to("+4922100").queue(line).ringingAt(forwarded).previousCallId(id).build());
            events.add(hangup(id, source, Direction.IN, forwarded, Cause.FORWARDED));
            events.add(CallEvent.builder(leg, source, EventType.ANSWER, forwarded.plusSeconds(5))
                    .direction(Direction.IN).answeredAt(forwarded.plusSeconds(5)).answeredBy(agent).build());
            events.add(hangup(leg, source, Direction.IN, forwarded.plusSeconds(200), Cause.NORMAL));
        } else {
            events.add(CallEvent.builder(id, source, EventType.ANSWER, start.plusSeconds(12))
                    .direction(Direction.IN).answeredAt(start.plusSeconds(12)).answeredBy(agent).build());
            events.add(hangup(id, source, Direction.IN, start.plusSeconds(180), Cause.NORMAL));
        }
        return events;
    }

    private static CallEvent hangup(String id, String source, Direction direction, Instant at, Cause cause) {
        return CallEvent.builder(id, source, EventType.HANGUP, at).direction(direction).endedAt(at)
                .cause(cause.name().toLowerCase(java.util.Locale.ROOT), cause).build();
    }

    static void report(Model model, Result result) {
        System.out.printf("%,d call events, %,d stream records%n%n", result.events(), result.streamRecords());
        System.out.println("| table / index | write units per call event | read units per call event |");
        System.out.println("|---|---|---|");
        for (CapacityUnits.Usage usage : result.usage()) {
            System.out.printf("| %s%s | %.3f | %.3f |%n", shortName(usage.table()),
                    usage.index() == null ? "" : " / " + usage.index(), usage.writeUnits() / result.events(),
                    usage.readUnits() / result.events());
        }
        double writes = result.writeUnits() / result.events();
        double reads = result.readUnits() / result.events();
        System.out.printf("| **all** | **%.3f** | **%.3f** |%n%n", writes, reads);
        System.out.printf("per million call events at $%.3f per million write and $%.3f per million read request "
                + "units: writes $%.2f, reads $%.2f, together $%.2f%n", WRITE_PRICE, READ_PRICE,
                writes * WRITE_PRICE, reads * READ_PRICE, writes * WRITE_PRICE + reads * READ_PRICE);
    }

    /** {@code CallsTable} for the engine's generated name of the template's calls table. */
    private static String shortName(String table) {
        for (String logical : List.of("MissedCallsTable", "CallbacksTable", "AgentsTable", "ContactsTable",
                "AuditTable", "ConfigTable", "CallsTable")) {
            if (table.contains(logical)) {
                return logical;
            }
        }
        return table;
    }
}
