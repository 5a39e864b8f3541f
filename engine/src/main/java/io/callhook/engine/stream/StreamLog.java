package io.callhook.engine.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The records of one table's stream, in one shard, kept for the retention period (24 hours, as DynamoDB keeps
 * them). Not thread-safe: the database serialises access.
 */
public final class StreamLog {

    public static final long RETENTION_MILLIS = 24L * 60 * 60 * 1000;

    private final String arn;
    private final String label;
    private final String viewType;
    private final String shardId;
    private final long firstSequenceNumber;
    private final NavigableMap<Long, StreamRecord> records = new TreeMap<>();
    private Long endingSequenceNumber;

    public StreamLog(String arn, String label, String viewType, String shardId, long firstSequenceNumber) {
        this.arn = arn;
        this.label = label;
        this.viewType = viewType;
        this.shardId = shardId;
        this.firstSequenceNumber = firstSequenceNumber;
    }

    public String arn() {
        return arn;
    }

    public String label() {
        return label;
    }

    public String viewType() {
        return viewType;
    }

    public String shardId() {
        return shardId;
    }

    public long firstSequenceNumber() {
        return firstSequenceNumber;
    }

    /** Null while the stream is enabled; the last sequence number it can hold once disabled. */
    public Long endingSequenceNumber() {
        return endingSequenceNumber;
    }

    public boolean open() {
        return endingSequenceNumber == null;
    }

    public void close(long lastSequenceNumber) {
        endingSequenceNumber = lastSequenceNumber;
    }

    public void append(StreamRecord record) {
        records.put(record.sequenceNumber(), record);
    }

    /** Drops the records older than the retention period. */
    public void trim(long nowMillis) {
        while (!records.isEmpty() && records.firstEntry().getValue().createdAtMillis() < nowMillis - RETENTION_MILLIS) {
            records.pollFirstEntry();
        }
    }

    /** The sequence number just before the oldest record kept (TRIM_HORIZON). */
    public long horizon() {
        return records.isEmpty() ? firstSequenceNumber - 1 : records.firstKey() - 1;
    }

    /** Up to {@code limit} records with sequence numbers greater than {@code after}. */
    public List<StreamRecord> after(long after, int limit) {
        List<StreamRecord> found = new ArrayList<>();
        for (StreamRecord record : records.tailMap(after, false).values()) {
            found.add(record);
            if (found.size() == limit) {
                break;
            }
        }
        return found;
    }

    /** Whether a record with this sequence number is still kept. */
    public boolean holds(long sequenceNumber) {
        return records.containsKey(sequenceNumber);
    }
}
