package io.callhook.store;

import com.fasterxml.jackson.jr.ob.JSON;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.dynamodb.QueryRequest;
import io.callhook.dynamodb.QueryResponse;
import io.callhook.metrics.Metrics;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * One ordered list read from several partitions of a table or index (the shards of a key), merged on the sort key,
 * a bounded number of requests at a time, and continued from a token. Items are read with {@link #peek} and
 * consumed with {@link #take}; {@link #token} continues after the last item taken.
 *
 * <p>Reads are sized to the page: while {@link #take} wants {@code n} more items, a shard's request asks for about
 * {@code n} divided among the shards still to be read (at least {@value #MIN_FETCH}, at most the page size), and
 * once {@code n} items are taken no further request is made, so a page never costs a read after its last item.
 * When several shards need a read at the same moment (the first read of every shard, say) their requests run in
 * parallel, at most {@value #PARALLEL} at a time. A request with a filter always asks for the full page size (its
 * {@code Limit} counts items before the filter).
 *
 * <p>The token holds, per shard, the key of the last item taken from it (or the last key DynamoDB evaluated, when
 * its filter dropped everything after that); a token whose shard count, key attributes or partition values do not
 * match this query is refused ({@link InvalidPageTokenException}), so a token can never reach another partition.
 */
final class MergedQuery {

    private static final String DONE = "done";
    /** The smallest {@code Limit} of a sized request: about one 4 KB read unit of call items. */
    static final int MIN_FETCH = 8;
    /** Shard requests in flight at once for one list. */
    static final int PARALLEL = 8;
    private static final ExecutorService POOL = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "merged-query");
        thread.setDaemon(true);
        return thread;
    });

    private final DynamoDbJsonClient dynamo;
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
    /** How many more items the caller wants ({@link #take}); unbounded for {@link #peek} alone. */
    private int wanted = Integer.MAX_VALUE;

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
    MergedQuery(DynamoDbJsonClient dynamo, List<QueryRequest> shards, String partitionAttribute,
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
        try {
            while (taken.size() < limit) {
                wanted = limit - taken.size();
                Map<String, AttributeValue> item = peek();
                if (item == null) {
                    break;
                }
                T value = read.apply(item);
                int itemBytes = size.applyAsInt(value);
                if (!taken.isEmpty() && bytes + itemBytes > maxBytes) {
                    break;
                }
                take();
                taken.add(value);
                bytes += itemBytes;
            }
        } finally {
            wanted = Integer.MAX_VALUE;
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
        fetchEmptyShards();
        int best = -1;
        for (int i = 0; i < state.size(); i++) {
            Shard shard = state.get(i);
            while (shard.buffer.isEmpty() && !shard.done) {
                if (requests >= maxRequests) {
                    return -1;
                }
                fetch(i, shard, limitOf(i));
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

    /**
     * Reads every shard whose buffer is empty and which has not ended, in parallel, within the request budget: the
     * merge needs the head of each before it can say which item comes next.
     */
    private void fetchEmptyShards() {
        List<Integer> empty = new ArrayList<>();
        for (int i = 0; i < state.size(); i++) {
            if (state.get(i).buffer.isEmpty() && !state.get(i).done && requests + empty.size() < maxRequests) {
                empty.add(i);
            }
        }
        if (empty.size() < 2) {
            return;
        }
        List<Integer> limits = empty.stream().map(this::limitOf).toList();
        requests += empty.size();
        List<Future<QueryResponse>> responses = new ArrayList<>();
        Metrics.Handoff metrics = Metrics.handoff();
        for (int k = 0; k < empty.size(); k += PARALLEL) {
            List<Callable<QueryResponse>> batch = new ArrayList<>();
            for (int j = k; j < Math.min(k + PARALLEL, empty.size()); j++) {
                int index = empty.get(j);
                int limit = limits.get(j);
                batch.add(metrics.wrap(() -> dynamo.query(request(index, state.get(index), limit))));
            }
            try {
                responses.addAll(POOL.invokeAll(batch));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading a list", e);
            } finally {
                metrics.join();
            }
        }
        for (int j = 0; j < empty.size(); j++) {
            try {
                accept(state.get(empty.get(j)), responses.get(j).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading a list", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException(e.getCause());
            }
        }
    }

    /**
     * The {@code Limit} of shard {@code index}'s next request: the page size for a filtered request or when the
     * caller wants no bound; otherwise what is still wanted, shared among the shards that have not ended, at least
     * {@value #MIN_FETCH}, at most the page size.
     */
    private int limitOf(int index) {
        if (wanted == Integer.MAX_VALUE || shards.get(index).filterExpression() != null) {
            return pageSize;
        }
        long open = state.stream().filter(shard -> !shard.done).count();
        int share = (int) ((wanted + Math.max(open, 1) - 1) / Math.max(open, 1));
        return Math.min(pageSize, Math.max(Math.min(MIN_FETCH, wanted), share));
    }

    private QueryRequest request(int index, Shard shard, int limit) {
        QueryRequest.Builder request = shards.get(index).toBuilder().limit(limit);
        if (shard.position != null) {
            request.exclusiveStartKey(shard.position);
        }
        return request.build();
    }

    private void fetch(int index, Shard shard, int limit) {
        requests++;
        accept(shard, dynamo.query(request(index, shard, limit)));
    }

    private void accept(Shard shard, QueryResponse response) {
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
