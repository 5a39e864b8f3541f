package io.callhook.store;

/**
 * The keys of call records and of the indexes that list them, built in one place.
 *
 * <ul>
 *   <li>A call record's key, which is also the id agents see and send: {@code <integration>:<callId>}, the
 *       integration (webhook token name) it came in through and the provider's call id. Integration names hold no
 *       {@code :}, so two integrations never share a record whatever ids their providers use.</li>
 *   <li>An organization's index partition: {@code <organization>#<shard>}, the shard {@code 0} to
 *       {@code shards - 1} taken from the record key. Readers query every shard and merge, so the shard count may
 *       be raised (never lowered) without moving a record.</li>
 * </ul>
 */
public final class CallKeys {

    public static final char SEPARATOR = ':';

    private CallKeys() {
    }

    /** A record's key, the agent-facing call id. */
    public static String of(String integration, String callId) {
        return integration + SEPARATOR + callId;
    }

    /** The shard of a record key among {@code shards}: stable (String's hash is fixed by the language). */
    public static int shardOf(String key, int shards) {
        return Math.floorMod(key.hashCode(), shards);
    }

    /** An organization's partition of an index, in shard {@code shard}. */
    public static String organizationShard(String organization, int shard) {
        return organization + "#" + shard;
    }

    /** A line's partition of the line index: its organization, shard and line. */
    public static String lineShard(String organization, int shard, String line) {
        return organizationShard(organization, shard) + "#" + line;
    }

    /** An organization's partition of the overdue index: its shard and the call's state. */
    public static String overdueShard(String organization, int shard, String state) {
        return organizationShard(organization, shard) + "#" + state;
    }
}
