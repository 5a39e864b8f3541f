package io.callhook.bench;

import io.callhook.call.CallEvent;
import io.callhook.call.CallRecord;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.call.MissedCall;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.Organizations;
import io.callhook.engine.Engine;
import io.callhook.engine.ManualClock;
import io.callhook.engine.PartitionThroughput;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoMissedCallStore;
import io.callhook.template.LocalTables;
import io.callhook.template.SamTemplate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Runs a synthetic deployment's traffic through the project's real stores (the same key-building code the
 * functions run) into the engine on a simulated clock, and reports the highest write and read units any one
 * partition key of the tables and their indexes took in one simulated second, against DynamoDB's per-partition
 * ceilings (1,000 WCU and 3,000 RCU a second; the design target is at most half). Simulated time advances by one
 * event interval per event, so the figures are those of the modelled rate however fast this machine runs it.
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks -am package -DskipTests exec:java
 * -Dexec.mainClass=io.callhook.bench.KeySimulation -Dexec.args="events=10000 seconds=3"}. Parameters (all
 * optional, {@code name=value}): organizations, lines (per organization), events (per second), seconds,
 * hotShare (share of calls on one hot line), burst (rate multiplier in the middle second), missedShare,
 * polls (caller-log reads per second), shards (the IndexShards setting), seed.
 */
public final class KeySimulation {

    /** The traffic model. */
    record Model(int organizations, int lines, int eventsPerSecond, int seconds, double hotShare, double burst,
                 double missedShare, int pollsPerSecond, int shards, long seed) {

        static Model parse(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (String arg : args) {
                String[] pair = arg.split("=", 2);
                given.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
            return new Model(Integer.parseInt(given.getOrDefault("organizations", "100")),
                    Integer.parseInt(given.getOrDefault("lines", "5")),
                    Integer.parseInt(given.getOrDefault("events", "10000")),
                    Integer.parseInt(given.getOrDefault("seconds", "3")),
                    Double.parseDouble(given.getOrDefault("hotShare", "0.1")),
                    Double.parseDouble(given.getOrDefault("burst", "2")),
                    Double.parseDouble(given.getOrDefault("missedShare", "0.3")),
                    Integer.parseInt(given.getOrDefault("polls", "200")),
                    Integer.parseInt(given.getOrDefault("shards", "1")),
                    Long.parseLong(given.getOrDefault("seed", "1")));
        }
    }

    private KeySimulation() {
    }

    public static void main(String[] args) {
        Model model = Model.parse(args);
        System.out.println("# key simulation: " + model);
        ManualClock clock = new ManualClock(Instant.parse("2026-11-30T09:00:00Z"));
        try (Engine engine = Engine.builder().clock(clock).ttlSweepInterval(Duration.ZERO).start();
             DynamoDbClient dynamo = EngineBenchmarks.client(engine.endpoint())) {
            Map<String, String> tables = LocalTables.create(dynamo, SamTemplate.load(SamTemplate.find()),
                    UnaryOperator.identity());
            StringBuilder mapping = new StringBuilder();
            for (int organization = 0; organization < model.organizations(); organization++) {
                mapping.append(organization == 0 ? "" : ",").append("pbx").append(organization).append(":org")
                        .append(organization);
            }
            io.callhook.dynamodb.DynamoDbJsonClient callhook = AwsClients.dynamoDb(Environment.of(Map.of(
                    AwsClients.DYNAMODB_ENDPOINT, engine.endpoint(), AwsClients.REGION, "us-east-1")));
            DynamoCallStore calls = new DynamoCallStore(callhook, tables.get("CallsTable"), Duration.ofDays(365),
                    Organizations.parse(mapping.toString(), "org0"), model.shards());
            DynamoMissedCallStore missed = new DynamoMissedCallStore(callhook, tables.get("MissedCallsTable"),
                    model.shards());
            engine.throughput().limit(0, 0);
            long events = run(model, clock, calls, missed);
            report(model, engine.throughput().peaks(Integer.MAX_VALUE), events);
        }
        System.exit(0);
    }

    static long run(Model model, ManualClock clock, DynamoCallStore calls, DynamoMissedCallStore missed) {
        Random random = new Random(model.seed());
        long events = 0;
        for (int second = 0; second < model.seconds(); second++) {
            boolean burst = model.seconds() > 2 && second == model.seconds() / 2;
            int rate = (int) (model.eventsPerSecond() * (burst ? model.burst() : 1));
            Duration step = Duration.ofNanos(1_000_000_000L / rate);
            double pollsPerEvent = (double) model.pollsPerSecond() / rate;
            double pollsDue = 0;
            int emitted = 0;
            while (emitted < rate) {
                int organization;
                int line;
                if (random.nextDouble() < model.hotShare()) {
                    organization = 0;
                    line = 0;
                } else {
                    organization = random.nextInt(model.organizations());
                    line = random.nextInt(model.lines());
                }
                String callId = "call-" + second + "-" + emitted + "-" + random.nextInt(1_000_000);
                String queue = "line" + line;
                boolean isMissed = random.nextDouble() < model.missedShare();
                Instant start = clock.instant();
                calls.apply(CallEvent.builder(callId, "pbx" + organization, EventType.NEW_CALL, start)
                        .direction(Direction.IN).from("+49301" + random.nextInt(1_000_000)).to("+4922199")
                        .queue(queue).users(Set.of("agent-" + line)).ringingAt(start).build());
                clock.advance(step);
                emitted++;
                if (!isMissed) {
                    calls.apply(CallEvent.builder(callId, "pbx" + organization, EventType.ANSWER, clock.instant())
                            .direction(Direction.IN).answeredAt(clock.instant()).answeredBy("agent-" + line)
                            .build());
                    clock.advance(step);
                    emitted++;
                }
                calls.apply(CallEvent.builder(callId, "pbx" + organization, EventType.HANGUP, clock.instant())
                        .direction(Direction.IN).endedAt(clock.instant())
                        .cause(isMissed ? "cancel" : "normalClearing", isMissed ? Cause.CANCEL : Cause.NORMAL)
                        .build());
                clock.advance(step);
                emitted++;
                if (isMissed) {
                    CallRecord record = calls.find("pbx" + organization + ":" + callId).orElseThrow();
                    missed.record(MissedCall.of(record, Set.of("voicemail")));
                }
                events += isMissed ? 2 : 3;
                pollsDue += pollsPerEvent * (isMissed ? 2 : 3);
                while (pollsDue >= 1) {
                    calls.recent("org" + organization, random.nextBoolean() ? null : queue, 60, 1 << 20,
                            call -> 500, null);
                    pollsDue--;
                }
            }
        }
        return events;
    }

    static void report(Model model, List<PartitionThroughput.Peak> peaks, long events) {
        System.out.printf("simulated %,d call events over %d s (%,d a second, %.0fx in the burst second)%n",
                events, model.seconds(), model.eventsPerSecond(), model.burst());
        Map<String, PartitionThroughput.Peak> hottestWrite = new LinkedHashMap<>();
        Map<String, PartitionThroughput.Peak> hottestRead = new LinkedHashMap<>();
        for (PartitionThroughput.Peak peak : peaks) {
            String where = peak.table() + (peak.index() == null ? "" : " / " + peak.index());
            hottestWrite.merge(where, peak, (a, b) -> a.writeUnits() >= b.writeUnits() ? a : b);
            hottestRead.merge(where, peak, (a, b) -> a.readUnits() >= b.readUnits() ? a : b);
        }
        System.out.println();
        System.out.println("| table / index | hottest partition key (writes) | peak WCU/s | of 1,000 "
                + "| hottest partition key (reads) | peak RCU/s | of 3,000 |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String where : hottestWrite.keySet()) {
            PartitionThroughput.Peak write = hottestWrite.get(where);
            PartitionThroughput.Peak read = hottestRead.get(where);
            System.out.printf("| %s | `%s` | %,.0f | %.0f %% | `%s` | %,.1f | %.1f %% |%n", where,
                    shorten(write.partitionKey()), write.writeUnits(), write.writeUnits() / 10,
                    shorten(read.partitionKey()), read.readUnits(), read.readUnits() / 30);
        }
    }

    private static String shorten(String key) {
        return key.length() > 40 ? key.substring(0, 37) + "..." : key;
    }
}
