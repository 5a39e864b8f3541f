package io.callhook.store;

import com.fasterxml.jackson.jr.ob.JSON;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbClient;
import io.callhook.dynamodb.QueryRequest;
import io.callhook.dynamodb.QueryResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * One ordered list read from several partitions of a table or index (the shards of a key), merged on the sort key,
 * a bounded number of requests at a time, and continued from a token. Items are read with {@link #peek} and
 * consumed with {@link #take}; {@link #token} continues after the last item taken.
 *
 * <p>The token holds, per shard, the key of the last item taken from it (or the last key DynamoDB evaluated, when
 * its filter dropped everything after that); a token whose shard count, key attributes or partition values do not
 * match this query is refused ({@link InvalidPageTokenException}), so a token can never reach another partition.
 */
final class MergedQuery {

    private static final String DONE = "done";

    private final DynamoDbClient dynamo;
    private final List<QueryRequest> shards;
    private final String partitionAttribute;
    private final List<String> partitionValues;
    private final String sortAttribute;
    private final boolean descending;
    private final Set<String> keyAttributes;
    private final int pageSize;
    private final int maxRequests;
    private final List<Shard> state = new ArrayList<>();
    private int requests;

    private static final class Shard {
        final Deque<Map<String, AttributeValue>> buffer = new ArrayDeque<>();
        Map<String, AttributeValue> position;
        boolean done;
    }

    /**
     * @param shards             one request per shard, with key condition, filter and order set (no start key)
     * @param partitionAttribute the partition key attribute the requests name; {@code partitionValues} its value
     *                           in each shard
     * @param keyAttributes      the attributes that make an item's start key (the table's key and the index's)
     * @param pageSize           the {@code Limit} of each request
     * @param maxRequests        the most requests, over all shards, one list may make
     * @param token              a token from {@link #token}, or {@code null} to start at the beginning
     */
    MergedQuery(DynamoDbClient dynamo, List<QueryRequest> shards, String partitionAttribute,
                List<String> partitionValues, String sortAttribute, Set<String> keyAttributes, int pageSize,
                int maxRequests, String token) {
        this.dynamo = dynamo;
        this.shards = List.copyOf(shards);
        this.partitionAttribute = partitionAttribute;
        this.partitionValues = List.copyOf(partitionValues);
        this.sortAttribute = sortAttribute;
        this.descending = shards.isEmpty() || Boolean.FALSE.equals(shards.get(0).scanIndexForward());
        this.keyAttributes = Set.copyOf(keyAttributes);
        this.pageSize = pageSize;
        this.maxRequests = maxRequests;
        List<Object> positions = decode(token);
        for (int i = 0; i < shards.size(); i++) {
            Shard shard = new Shard();
            Object position = positions == null ? null : positions.get(i);
            if (DONE.equals(position)) {
                shard.done = true;
            } else if (position != null) {
                shard.position = startKey(i, position);
            }
            state.add(shard);
        }
    }

    /**
     * The next item in order, without taking it; {@code null} when the list has ended or when the request budget
     * ran out before the next item could be known ({@link #token} then continues).
     */
    Map<String, AttributeValue> peek() {
        int best = bestShard();
        return best < 0 ? null : state.get(best).buffer.peekFirst();
    }

    /** Takes the item {@link #peek} returned. */
    void take() {
        int best = bestShard();
        if (best < 0) {
            throw new IllegalStateException("nothing to take");
        }
        Shard shard = state.get(best);
        Map<String, AttributeValue> item = shard.buffer.removeFirst();
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        keyAttributes.forEach(name -> key.put(name, item.get(name)));
        shard.position = key;
        dropMarkerAtHead(shard);
    }

    /**
     * Takes items in order, each read by {@code read}, until {@code limit} are taken, or before the one whose
     * {@code size} would take the total past {@code maxBytes} (the first item is always taken), or until the list
     * ends or the request budget is spent; {@link #token} then continues after the last one taken.
     */
    <T> List<T> take(Function<Map<String, AttributeValue>, T> read, int limit, long maxBytes, ToIntFunction<T> size) {
        List<T> taken = new ArrayList<>();
        long bytes = 0;
        for (Map<String, AttributeValue> item = peek(); item != null && taken.size() < limit; item = peek()) {
            T value = read.apply(item);
            int itemBytes = size.applyAsInt(value);
            if (!taken.isEmpty() && bytes + itemBytes > maxBytes) {
                break;
            }
            take();
            taken.add(value);
            bytes += itemBytes;
        }
        return taken;
    }

    /** The token that continues after the last item taken; {@code null} when nothing follows it. */
    String token() {
        boolean more = false;
        List<Object> positions = new ArrayList<>();
        for (Shard shard : state) {
            if (shard.done && shard.buffer.isEmpty()) {
                positions.add(DONE);
            } else {
                more = true;
                positions.add(shard.position == null ? null : encode(shard.position));
            }
        }
        if (!more) {
            return null;
        }
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    JSON.std.asString(Map.of("p", positions)).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shard whose head comes next; -1 when every shard has ended or one cannot be read further. */
    private int bestShard() {
        int best = -1;
        for (int i = 0; i < state.size(); i++) {
            Shard shard = state.get(i);
            while (shard.buffer.isEmpty() && !shard.done) {
                if (requests >= maxRequests) {
                    return -1;
                }
                fetch(i, shard);
            }
            if (shard.buffer.isEmpty()) {
                continue;
            }
            if (best < 0 || before(shard.buffer.peekFirst(), state.get(best).buffer.peekFirst())) {
                best = i;
            }
        }
        return best;
    }

    private void fetch(int index, Shard shard) {
        requests++;
        QueryRequest.Builder request = shards.get(index).toBuilder().limit(pageSize);
        if (shard.position != null) {
            request.exclusiveStartKey(shard.position);
        }
        QueryResponse response = dynamo.query(request.build());
        shard.buffer.addAll(response.items());
        if (response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()) {
            // the position moves with each item taken, and to the last evaluated key once all are taken
            shard.buffer.addLast(Map.of(LAST_EVALUATED, AttributeValue.fromM(response.lastEvaluatedKey())));
        } else {
            shard.done = true;
        }
        dropMarkerAtHead(shard);
    }

    /** A marker after a fetch's items: the key to continue from once they are taken. */
    private static final String LAST_EVALUATED = "\u0000lastEvaluated";

    private static void dropMarkerAtHead(Shard shard) {
        Map<String, AttributeValue> head = shard.buffer.peekFirst();
        if (head != null && head.containsKey(LAST_EVALUATED)) {
            shard.buffer.removeFirst();
            shard.position = head.get(LAST_EVALUATED).m();
        }
    }

    private boolean before(Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
        int order = compare(a.get(sortAttribute), b.get(sortAttribute));
        return descending ? order > 0 : order < 0;
    }

    private static int compare(AttributeValue a, AttributeValue b) {
        if (a.n() != null && b.n() != null) {
            return new BigDecimal(a.n()).compareTo(new BigDecimal(b.n()));
        }
        return Comparator.<String>naturalOrder().compare(String.valueOf(a.s()), String.valueOf(b.s()));
    }

    private static Map<String, Object> encode(Map<String, AttributeValue> key) {
        Map<String, Object> encoded = new LinkedHashMap<>();
        key.forEach((name, value) -> encoded.put(name, value.n() != null ? Map.of("N", value.n())
                : Map.of("S", value.s())));
        return encoded;
    }

    private List<Object> decode(String token) {
        if (token == null) {
            return null;
        }
        try {
            Object document = JSON.std.anyFrom(new String(Base64.getUrlDecoder().decode(token),
                    StandardCharsets.UTF_8));
            if (document instanceof Map<?, ?> map && map.get("p") instanceof List<?> positions
                    && positions.size() == shards.size()) {
                return new ArrayList<>(positions);
            }
        } catch (IOException | RuntimeException e) {
            // refused below
        }
        throw new InvalidPageTokenException();
    }

    private Map<String, AttributeValue> startKey(int shard, Object position) {
        if (!(position instanceof Map<?, ?> encoded) || !new HashSet<>(encoded.keySet()).equals(keyAttributes)) {
            throw new InvalidPageTokenException();
        }
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : encoded.entrySet()) {
            if (!(entry.getValue() instanceof Map<?, ?> value) || value.size() != 1) {
                throw new InvalidPageTokenException();
            }
            Object s = value.get("S");
            Object n = value.get("N");
            if (s instanceof String text) {
                key.put(String.valueOf(entry.getKey()), AttributeValue.fromS(text));
            } else if (n instanceof String number && number.matches("-?[0-9]{1,38}")) {
                key.put(String.valueOf(entry.getKey()), AttributeValue.fromN(number));
            } else {
                throw new InvalidPageTokenException();
            }
        }
        AttributeValue partition = key.get(partitionAttribute);
        if (partition == null || !partitionValues.get(shard).equals(partition.s())) {
            throw new InvalidPageTokenException();
        }
        return key;
    }
}
