package io.callhook.engine;

import io.callhook.engine.error.DynamoException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Shard iterators: opaque to clients, they carry the stream, the position and when they were issued. */
final class ShardIterators {

    static final long LIFETIME_MILLIS = 15 * 60 * 1000;

    record Position(String streamArn, String shardId, long after, long issuedAtMillis) {
    }

    private ShardIterators() {
    }

    static String encode(String streamArn, String shardId, long after, long issuedAtMillis) {
        String text = streamArn + "|" + shardId + "|" + after + "|" + issuedAtMillis;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Position decode(String iterator) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(iterator), StandardCharsets.UTF_8);
            String[] parts = text.split("\\|");
            if (parts.length != 4) {
                throw new IllegalArgumentException("parts");
            }
            return new Position(parts[0], parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3]));
        } catch (IllegalArgumentException e) {
            throw DynamoException.validation("Invalid ShardIterator");
        }
    }
}
