package io.callhook.local;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Lambda's event source mapping for one {@code Type: DynamoDB} event, run locally: polls the table's stream in
 * the DynamoDB engine about four times a second, every shard from its oldest record (parents before children, closed
 * shards to their end), drops the records the {@code FilterCriteria} does not match, and hands the rest to the
 * function in batches with {@link StreamBatches}' retry rules. Records skipped after their retries are logged as
 * sent to the on-failure destination, with the batch information Lambda sends there.
 */
final class StreamPoller implements AutoCloseable {

    private static final long POLL_INTERVAL_MILLIS = 250;
    private static final int DISCOVER_EVERY_CYCLES = 4;

    private final LocalFunction function;
    private final StreamSettings settings;
    private final String streamArn;
    private final DynamoDbStreamsClient streams;
    private final PrintStream log;
    private final String label;
    private final Map<String, ShardState> shards = new LinkedHashMap<>();
    private final List<Map<String, Object>> failures = new CopyOnWriteArrayList<>();
    private final Object wakeUp = new Object();
    private final Thread thread;
    private volatile boolean running;
    private int cycle;
    /** Guards the counts below, which {@link #awaitQuiet} waits on. */
    private final Object progress = new Object();
    private long cyclesStarted;
    private long lastQuietCycle = -1;
    private boolean fetchedThisCycle;

    private final class ShardState {
        final String shardId;
        final String parentShardId;
        final StreamBatches<StreamRecords.Polled> batches = new StreamBatches<>(settings.policy(),
                StreamRecords.Polled::sequenceNumber, StreamRecords.Polled::createdAt);
        String iterator;
        String lastSequenceNumber;
        boolean exhausted;
        boolean done;

        ShardState(String shardId, String parentShardId) {
            this.shardId = shardId;
            this.parentShardId = parentShardId;
        }
    }

    StreamPoller(LocalFunction function, StreamSettings settings, String streamArn, DynamoDbStreamsClient streams,
                 PrintStream log) {
        this.function = function;
        this.settings = settings;
        this.streamArn = streamArn;
        this.streams = streams;
        this.log = log;
        this.label = "[stream] " + settings.table() + " -> " + function.logicalId();
        this.thread = new Thread(this::run, "stream-" + function.logicalId() + "-" + settings.eventId());
        this.thread.setDaemon(true);
    }

    void start() {
        running = true;
        thread.start();
    }

    /**
     * Blocks until a polling cycle that started after this call fetched no record and left nothing to deliver: then
     * every record the stream held when this was called has been handled (delivered, or given up on), or until
     * {@code timeout}. Returns whether that happened.
     */
    boolean awaitQuiet(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            long after = cyclesStarted;
            synchronized (wakeUp) {
                wakeUp.notifyAll();
            }
            while (lastQuietCycle <= after) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                progress.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** What was sent to the on-failure destination so far, one entry per skipped batch. */
    List<Map<String, Object>> failures() {
        return List.copyOf(failures);
    }

    StreamSettings settings() {
        return settings;
    }

    String functionId() {
        return function.logicalId();
    }

    /** Stops polling; a batch being delivered finishes first (up to the function's timeout). */
    @Override
    public void close() {
        running = false;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        try {
            thread.join((function.timeoutSeconds() + 5) * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running) {
            try {
                pollOnce();
            } catch (RuntimeException e) {
                if (running) {
                    log.println(label + ": polling failed, retrying: " + e);
                }
            }
            synchronized (wakeUp) {
                if (running) {
                    try {
                        wakeUp.wait(POLL_INTERVAL_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    private void pollOnce() {
        long thisCycle;
        synchronized (progress) {
            thisCycle = ++cyclesStarted;
        }
        fetchedThisCycle = false;
        pollShards();
        if (!fetchedThisCycle && shards.values().stream().allMatch(shard -> shard.batches.isEmpty())) {
            synchronized (progress) {
                lastQuietCycle = thisCycle;
                progress.notifyAll();
            }
        }
    }

    private void pollShards() {
        if (cycle++ % DISCOVER_EVERY_CYCLES == 0 || shards.values().stream().allMatch(s -> s.done)) {
            discoverShards();
        }
        for (ShardState shard : shards.values()) {
            ShardState parent = shard.parentShardId == null ? null : shards.get(shard.parentShardId);
            if (!shard.done && (parent == null || parent.done) && running) {
                poll(shard);
            }
        }
    }

    private void discoverShards() {
        String startAfter = null;
        do {
            String exclusiveStart = startAfter;
            DescribeStreamResponse response = streams.describeStream(b -> b.streamArn(streamArn)
                    .exclusiveStartShardId(exclusiveStart));
            for (Shard shard : response.streamDescription().shards()) {
                shards.computeIfAbsent(shard.shardId(), id -> new ShardState(id, shard.parentShardId()));
            }
            startAfter = response.streamDescription().lastEvaluatedShardId();
        } while (startAfter != null);
    }

    private void poll(ShardState shard) {
        if (!shard.exhausted && shard.batches.pending() < settings.policy().batchSize()) {
            fetch(shard);
        }
        List<StreamRecords.Polled> expired = shard.batches.expire(Instant.now());
        if (!expired.isEmpty()) {
            sendToOnFailureDestination(shard, expired, "RecordAgeExceeded", 0);
        }
        while (running && !shard.batches.isEmpty()) {
            StreamBatches.Outcome<StreamRecords.Polled> outcome = deliver(shard, shard.batches.nextBatch());
            if (outcome.result() == StreamBatches.Result.RETRY) {
                break;
            }
        }
        if (shard.exhausted && shard.batches.isEmpty()) {
            shard.done = true;
        }
    }

    private void fetch(ShardState shard) {
        if (shard.iterator == null) {
            shard.iterator = streams.getShardIterator(b -> {
                b.streamArn(streamArn).shardId(shard.shardId);
                if (shard.lastSequenceNumber == null) {
                    b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                } else {
                    b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                            .sequenceNumber(shard.lastSequenceNumber);
                }
            }).shardIterator();
        }
        GetRecordsResponse response;
        try {
            String iterator = shard.iterator;
            response = streams.getRecords(b -> b.shardIterator(iterator).limit(1000));
        } catch (ExpiredIteratorException e) {
            shard.iterator = null;
            return;
        } catch (TrimmedDataAccessException e) {
            shard.iterator = null;
            shard.lastSequenceNumber = null;
            return;
        }
        shard.iterator = response.nextShardIterator();
        shard.exhausted = shard.iterator == null;
        fetchedThisCycle |= !response.records().isEmpty();
        List<StreamRecords.Polled> accepted = new ArrayList<>();
        for (Record record : response.records()) {
            shard.lastSequenceNumber = record.dynamodb().sequenceNumber();
            StreamRecords.Polled polled = StreamRecords.poll(record, streamArn, LocalStack.REGION);
            if (settings.filter().accepts(polled.json())) {
                accepted.add(polled);
            }
        }
        shard.batches.add(accepted);
    }

    private StreamBatches.Outcome<StreamRecords.Polled> deliver(ShardState shard, List<StreamRecords.Polled> batch) {
        long started = System.nanoTime();
        StreamBatches.Outcome<StreamRecords.Polled> outcome;
        String result;
        try {
            String response = function.invoke(StreamRecords.eventJson(batch));
            List<String> failed = settings.policy().reportBatchItemFailures() ? batchItemFailures(response)
                    : List.of();
            outcome = shard.batches.partiallyFailed(batch, failed);
            result = failed.isEmpty() ? "ok" : failed.size() + " batch item failure(s)";
        } catch (LocalFunction.FunctionError e) {
            outcome = shard.batches.failed(batch);
            result = "function error: " + e.summary();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        String next = switch (outcome.result()) {
            case SUCCEEDED -> "";
            case SPLIT -> "; split in two, delivering " + outcome.records().size() + " record(s) first";
            case RETRY -> "; retrying " + outcome.records().size() + " record(s) from sequence number "
                    + outcome.records().get(0).sequenceNumber() + " (failed " + outcome.failedAttempts() + " time(s))";
            case DISCARDED -> "; retries exhausted";
        };
        log.println(label + ": " + batch.size() + " record(s) -> " + result + next + " (" + millis + " ms)");
        if (outcome.result() == StreamBatches.Result.DISCARDED) {
            sendToOnFailureDestination(shard, outcome.records(), outcome.condition(), outcome.failedAttempts());
        }
        return outcome;
    }

    /** The sequence numbers a {@code StreamsEventResponse} names; a malformed one names an invalid identifier. */
    static List<String> batchItemFailures(String response) {
        Object parsed;
        try {
            parsed = response == null ? null : LocalJson.parse(response);
        } catch (IllegalArgumentException e) {
            return Collections.singletonList(null);
        }
        List<String> identifiers = new ArrayList<>();
        for (Object failure : LocalJson.list(LocalJson.object(parsed).get("batchItemFailures"))) {
            Object identifier = LocalJson.object(failure).get("itemIdentifier");
            identifiers.add(identifier instanceof String s ? s : null);
        }
        return identifiers;
    }

    private void sendToOnFailureDestination(ShardState shard, List<StreamRecords.Polled> records, String condition,
                                            int invokeCount) {
        Map<String, Object> requestContext = new LinkedHashMap<>();
        requestContext.put("requestId", UUID.randomUUID().toString());
        requestContext.put("functionArn", "arn:aws:lambda:" + LocalStack.REGION + ":" + ApiGatewayEvents.ACCOUNT_ID
                + ":function:" + function.logicalId());
        requestContext.put("condition", condition);
        requestContext.put("approximateInvokeCount", invokeCount);
        Map<String, Object> batchInfo = new LinkedHashMap<>();
        batchInfo.put("shardId", shard.shardId);
        batchInfo.put("startSequenceNumber", records.get(0).sequenceNumber());
        batchInfo.put("endSequenceNumber", records.get(records.size() - 1).sequenceNumber());
        batchInfo.put("approximateArrivalOfFirstRecord", records.get(0).createdAt().toString());
        batchInfo.put("approximateArrivalOfLastRecord", records.get(records.size() - 1).createdAt().toString());
        batchInfo.put("batchSize", records.size());
        batchInfo.put("streamArn", streamArn);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("requestContext", requestContext);
        message.put("version", "1.0");
        message.put("timestamp", Instant.now().toString());
        message.put("DDBStreamBatchInfo", batchInfo);
        failures.add(message);
        String destination = settings.onFailureDestination() == null ? "none configured, records dropped"
                : settings.onFailureDestination();
        log.println(label + ": " + records.size() + " record(s) skipped (" + condition
                + "), sent to the on-failure destination (" + destination + "): " + LocalJson.write(message));
    }
}
