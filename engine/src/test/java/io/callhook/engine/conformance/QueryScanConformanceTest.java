package io.callhook.engine.conformance;

import static io.callhook.engine.conformance.Fixtures.attribute;
import static io.callhook.engine.conformance.Fixtures.hash;
import static io.callhook.engine.conformance.Fixtures.item;
import static io.callhook.engine.conformance.Fixtures.n;
import static io.callhook.engine.conformance.Fixtures.numbers;
import static io.callhook.engine.conformance.Fixtures.projection;
import static io.callhook.engine.conformance.Fixtures.range;
import static io.callhook.engine.conformance.Fixtures.s;
import static io.callhook.engine.conformance.Fixtures.strings;
import static io.callhook.engine.conformance.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/** Query and Scan: key conditions, ordering, paging, filters, projections, counts, indexes and parallel scans. */
class QueryScanConformanceTest {

    private final DynamoDbClient dynamo = target().dynamo();

    /** Where this class's tests run; {@link LocalStackConformanceTest} runs them against LocalStack too. */
    Target target() {
        return Target.get();
    }

    // ------------------------------------------------------------------ key conditions

    /** A sort-key value of the given type written as a token: N and S as text, B as hexadecimal bytes. */
    private static AttributeValue token(ScalarAttributeType type, String token) {
        return switch (type) {
            case N -> n(token);
            case S -> s(token);
            case B -> AttributeValue.fromB(SdkBytes.fromByteArray(HexFormat.of().parseHex(token)));
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    private static String token(AttributeValue value) {
        if (value.n() != null) {
            return value.n();
        }
        if (value.s() != null) {
            return value.s();
        }
        return HexFormat.of().formatHex(value.b().asByteArray());
    }

    private static final Map<ScalarAttributeType, List<String>> SORT_KEYS = Map.of(
            ScalarAttributeType.N, List.of("20", "1", "-5", "3", "10", "2"),
            ScalarAttributeType.S, List.of("ba", "a", "abc", "B", "b", "ab"),
            ScalarAttributeType.B, List.of("ff", "01", "80", "0102", "7f", "02"));

    @ParameterizedTest(name = "{0}: {1} [{2}, {3}] -> {4}")
    @CsvSource(delimiter = '|', value = {
        "N | sk = :a                | 3    |      | 3",
        "N | sk < :a                | 3    |      | -5 1 2",
        "N | sk <= :a               | 3    |      | -5 1 2 3",
        "N | sk > :a                | 3    |      | 10 20",
        "N | sk >= :a               | 3    |      | 3 10 20",
        "N | sk BETWEEN :a AND :b   | 2    | 10   | 2 3 10",
        "S | sk = :a                | ab   |      | ab",
        "S | sk < :a                | ab   |      | B a",
        "S | sk <= :a               | ab   |      | B a ab",
        "S | sk > :a                | ab   |      | abc b ba",
        "S | sk >= :a               | ab   |      | ab abc b ba",
        "S | sk BETWEEN :a AND :b   | a    | b    | a ab abc b",
        "S | begins_with(sk, :a)    | ab   |      | ab abc",
        "B | sk = :a                | 02   |      | 02",
        "B | sk < :a                | 7f   |      | 01 0102 02",
        "B | sk <= :a               | 7f   |      | 01 0102 02 7f",
        "B | sk > :a                | 7f   |      | 80 ff",
        "B | sk >= :a               | 7f   |      | 7f 80 ff",
        "B | sk BETWEEN :a AND :b   | 0102 | 80   | 0102 02 7f 80",
        "B | begins_with(sk, :a)    | 01   |      | 01 0102",
    })
    @DisplayName("Developer Guide, Query key condition expressions: =, <, <=, >, >=, BETWEEN, begins_with; results in "
            + "sort-key order (numbers numerically, strings and binaries by unsigned bytes)")
    void keyConditionOperators(ScalarAttributeType type, String condition, String a, String b, String expected) {
        String table = Fixtures.createPkSkTable(dynamo, Target.uniqueTableName("query-" + type), type);
        for (String sk : SORT_KEYS.get(type)) {
            dynamo.putItem(r -> r.tableName(table).item(item("pk", "p", "sk", token(type, sk))));
            dynamo.putItem(r -> r.tableName(table).item(item("pk", "other", "sk", token(type, sk))));
        }
        Map<String, AttributeValue> values = b == null
                ? values(":p", "p", ":a", token(type, a))
                : values(":p", "p", ":a", token(type, a), ":b", token(type, b));

        List<Map<String, AttributeValue>> items = dynamo.query(r -> r.tableName(table)
                .keyConditionExpression("pk = :p AND " + condition).expressionAttributeValues(values)).items();

        assertEquals(Arrays.asList(expected.split(" ")), items.stream().map(i -> token(i.get("sk"))).toList());
    }

    @Test
    @DisplayName("Developer Guide, Key condition expressions: begins_with is not allowed on a Number sort key")
    void beginsWithOnNumberRefused() {
        String table = Fixtures.createPkSkTable(dynamo, Target.uniqueTableName("query-bw"), ScalarAttributeType.N);

        DynamoDbException error = assertThrows(DynamoDbException.class, () -> dynamo.query(r -> r.tableName(table)
                .keyConditionExpression("pk = :p AND begins_with(sk, :a)")
                .expressionAttributeValues(values(":p", "p", ":a", 1))));
        assertEquals("ValidationException", error.awsErrorDetails().errorCode());
    }

    @Test
    @DisplayName("API Reference, Query ScanIndexForward=false: results in descending sort-key order")
    void descendingQuery() {
        String table = numberedTable("query-desc", 8);

        List<Map<String, AttributeValue>> items = dynamo.query(r -> r.tableName(table)
                .keyConditionExpression("pk = :p").expressionAttributeValues(values(":p", "p"))
                .scanIndexForward(false)).items();

        assertEquals(List.of("7", "6", "5", "4", "3", "2", "1", "0"), numbers(items, "sk"));
    }

    /** A table of {@code count} items in partition "p" with sort keys 0..count-1 and attribute v = sort key. */
    private String numberedTable(String prefix, int count) {
        String table = Fixtures.createPkSkTable(dynamo, Target.uniqueTableName(prefix), ScalarAttributeType.N);
        for (int i = 0; i < count; i++) {
            int k = i;
            dynamo.putItem(r -> r.tableName(table).item(item("pk", "p", "sk", k, "v", k, "other", "o" + k)));
        }
        return table;
    }

    // ------------------------------------------------------------------ paging, filters, projections, counts

    @Test
    @DisplayName("Developer Guide, Paginating table query results: Limit and LastEvaluatedKey/ExclusiveStartKey "
            + "reach every item exactly once, in order")
    void queryPaging() {
        String table = numberedTable("query-paging", 23);
        QueryRequest request = QueryRequest.builder().tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(values(":p", "p")).limit(4).build();

        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            QueryResponse page = dynamo.query(request.toBuilder().exclusiveStartKey(start).build());
            assertTrue(page.count() <= 4, "page larger than Limit");
            seen.addAll(numbers(page.items(), "sk"));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            if (start != null) {
                assertEquals(Set.of("pk", "sk"), start.keySet(), "LastEvaluatedKey holds the primary key");
            }
            pages++;
        } while (start != null);

        assertEquals(IntStream.range(0, 23).mapToObj(String::valueOf).toList(), seen);
        assertTrue(pages >= 6, "23 items at 4 a page need at least 6 pages");
    }

    @Test
    @DisplayName("Developer Guide, Filter expressions for Query: Count is after the filter, ScannedCount before")
    void filterCountsAndScannedCount() {
        String table = numberedTable("query-filter", 10);

        QueryResponse response = dynamo.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .filterExpression("v >= :min").expressionAttributeValues(values(":p", "p", ":min", 7)));
        ScanResponse scan = dynamo.scan(r -> r.tableName(table).filterExpression("v < :max")
                .expressionAttributeValues(values(":max", 2)));

        assertEquals(List.of("7", "8", "9"), numbers(response.items(), "sk"));
        assertEquals(3, response.count());
        assertEquals(10, response.scannedCount());
        assertEquals(2, scan.count());
        assertEquals(10, scan.scannedCount());
    }

    @Test
    @DisplayName("Developer Guide, Query (Limit): the limit counts items read before the filter is applied")
    void limitAppliesBeforeFilter() {
        String table = numberedTable("query-limit-filter", 10);

        QueryResponse response = dynamo.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .filterExpression("v >= :min").expressionAttributeValues(values(":p", "p", ":min", 7)).limit(5));

        assertEquals(0, response.count());
        assertEquals(5, response.scannedCount());
        assertEquals(item("pk", "p", "sk", 4), response.lastEvaluatedKey());
    }

    @Test
    @DisplayName("Developer Guide, Filter expressions for Query: a filter cannot contain key attributes")
    void filterOnKeyRefused() {
        String table = numberedTable("query-filter-key", 2);

        DynamoDbException error = assertThrows(DynamoDbException.class, () -> dynamo.query(r -> r.tableName(table)
                .keyConditionExpression("pk = :p").filterExpression("sk > :x")
                .expressionAttributeValues(values(":p", "p", ":x", 0))));
        assertEquals("ValidationException", error.awsErrorDetails().errorCode());
    }

    @Test
    @DisplayName("API Reference, Query ProjectionExpression and Select=COUNT")
    void projectionAndCount() {
        String table = numberedTable("query-projection", 5);

        QueryResponse projected = dynamo.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(values(":p", "p")).projectionExpression("v"));
        QueryResponse counted = dynamo.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(values(":p", "p")).select(Select.COUNT));
        ScanResponse scanCounted = dynamo.scan(r -> r.tableName(table).select(Select.COUNT));

        assertEquals(5, projected.count());
        assertTrue(projected.items().stream().allMatch(i -> i.keySet().equals(Set.of("v"))), "only v projected");
        assertEquals(5, counted.count());
        assertTrue(counted.items().isEmpty(), "Select=COUNT returns no items");
        assertEquals(5, scanCounted.count());
        assertTrue(scanCounted.items().isEmpty());
    }

    // ------------------------------------------------------------------ indexes

    private String indexedTable() {
        return Fixtures.createTable(dynamo, Target.uniqueTableName("query-indexes"), b -> b
                .keySchema(hash("pk"), range("sk"))
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("sk", ScalarAttributeType.S),
                        attribute("g", ScalarAttributeType.S), attribute("gs", ScalarAttributeType.N),
                        attribute("l", ScalarAttributeType.N))
                .globalSecondaryIndexes(
                        GlobalSecondaryIndex.builder().indexName("by-g").keySchema(hash("g"), range("gs"))
                                .projection(projection(ProjectionType.ALL)).build(),
                        GlobalSecondaryIndex.builder().indexName("by-g-keys").keySchema(hash("g"))
                                .projection(projection(ProjectionType.KEYS_ONLY)).build())
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("by-l").keySchema(hash("pk"), range("l"))
                        .projection(projection(ProjectionType.INCLUDE, "extra")).build()));
    }

    @Test
    @DisplayName("Developer Guide, Global secondary indexes: query by index key, ordered by index sort key; sparse "
            + "index leaves out items without the index key")
    void queryGlobalIndex() {
        String table = indexedTable();
        dynamo.putItem(r -> r.tableName(table).item(item("pk", "1", "sk", "a", "g", "x", "gs", 3, "extra", "e1")));
        dynamo.putItem(r -> r.tableName(table).item(item("pk", "2", "sk", "a", "g", "x", "gs", 1, "more", "m")));
        dynamo.putItem(r -> r.tableName(table).item(item("pk", "3", "sk", "a", "g", "y", "gs", 2)));
        dynamo.putItem(r -> r.tableName(table).item(item("pk", "4", "sk", "a", "gs", 0)));
        dynamo.putItem(r -> r.tableName(table).item(item("pk", "5", "sk", "a", "g", "x")));

        List<Map<String, AttributeValue>> byG = dynamo.query(r -> r.tableName(table).indexName("by-g")
                .keyConditionExpression("g = :g").expressionAttributeValues(values(":g", "x"))).items();
        List<Map<String, AttributeValue>> scanned = Fixtures.scanAll(dynamo, ScanRequest.builder().tableName(table)
                .indexName("by-g").build());

        assertEquals(List.of("2", "1"), strings(byG, "pk"), "item 5 has no gs, so is not in by-g");
        assertEquals(item("pk", "2", "sk", "a", "g", "x", "gs", 1, "more", "m"), byG.get(0));
        assertEquals(Set.of("1", "2", "3"), new HashSet<>(strings(scanned, "pk")));
    }

    @Test
    @DisplayName("Developer Guide, Projected attributes: a KEYS_ONLY index returns the table and index keys only")
    void keysOnlyIndex() {
        String table = indexedTable();
        dynamo.putItem(r -> r.tableName(table).item(item("pk", "1", "sk", "a", "g", "x", "gs", 3, "extra", "e1")));
        dynamo.putItem(r -> r.tableName(table).item(item("pk", "2", "sk", "b", "g", "x")));
        dynamo.putItem(r -> r.tableName(table).item(item("pk", "3", "sk", "c", "other", "no g")));

        List<Map<String, AttributeValue>> items = dynamo.query(r -> r.tableName(table).indexName("by-g-keys")
                .keyConditionExpression("g = :g").expressionAttributeValues(values(":g", "x"))).items();

        assertEquals(2, items.size());
        assertTrue(items.stream().allMatch(i -> i.keySet().equals(Set.of("pk", "sk", "g"))), items.toString());
    }

    @Test
    @DisplayName("Developer Guide, Local secondary indexes: same partition, alternate sort key; INCLUDE projects "
            + "keys plus the named attributes")
    void queryLocalIndex() {
        String table = indexedTable();
        dynamo.putItem(r -> r.tableName(table).item(item("pk", "p", "sk", "a", "l", 30, "extra", "e", "big", "b")));
        dynamo.putItem(r -> r.tableName(table).item(item("pk", "p", "sk", "b", "l", 10)));
        dynamo.putItem(r -> r.tableName(table).item(item("pk", "p", "sk", "c")));
        dynamo.putItem(r -> r.tableName(table).item(item("pk", "q", "sk", "d", "l", 20)));

        List<Map<String, AttributeValue>> items = dynamo.query(r -> r.tableName(table).indexName("by-l")
                .keyConditionExpression("pk = :p AND l > :min")
                .expressionAttributeValues(values(":p", "p", ":min", 0))).items();

        assertEquals(List.of("b", "a"), strings(items, "sk"));
        assertEquals(item("pk", "p", "sk", "a", "l", 30, "extra", "e"), items.get(1));
    }

    @Test
    @DisplayName("API Reference, Query IndexName: a missing index is a ValidationException")
    void missingIndexRefused() {
        String table = numberedTable("query-no-index", 1);

        DynamoDbException error = assertThrows(DynamoDbException.class, () -> dynamo.query(r -> r.tableName(table)
                .indexName("nope").keyConditionExpression("pk = :p").expressionAttributeValues(values(":p", "p"))));
        assertEquals("ValidationException", error.awsErrorDetails().errorCode());
    }

    // ------------------------------------------------------------------ 1 MB pages and parallel scan

    @Test
    @DisplayName("API Reference, Query/Scan: one page holds at most 1 MB of data; paging then completes")
    void oneMegabytePageLimit() {
        String table = Fixtures.createPkSkTable(dynamo, Target.uniqueTableName("query-1mb"), ScalarAttributeType.N);
        String padding = "x".repeat(100 * 1024);
        for (int i = 0; i < 30; i++) {
            int k = i;
            dynamo.putItem(r -> r.tableName(table).item(item("pk", "p", "sk", k, "pad", padding)));
        }
        QueryRequest query = QueryRequest.builder().tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(values(":p", "p")).projectionExpression("sk").build();

        QueryResponse first = dynamo.query(query);
        ScanResponse firstScan = dynamo.scan(r -> r.tableName(table));

        assertTrue(first.count() > 0 && first.count() <= 11, "first page stops near 1 MB: " + first.count());
        assertTrue(first.hasLastEvaluatedKey() && !first.lastEvaluatedKey().isEmpty());
        assertTrue(firstScan.count() > 0 && firstScan.count() <= 11, "first scan page: " + firstScan.count());
        assertEquals(IntStream.range(0, 30).mapToObj(String::valueOf).toList(),
                numbers(Fixtures.queryAll(dynamo, query), "sk"));
        assertEquals(30, Fixtures.scanAll(dynamo, ScanRequest.builder().tableName(table)
                .projectionExpression("sk").build()).size());
    }

    @Test
    @DisplayName("Developer Guide, Parallel scan: Segment/TotalSegments together cover every item exactly once")
    void parallelScanCoversEveryItemOnce() {
        String table = Fixtures.createPkTable(dynamo, Target.uniqueTableName("scan-segments"));
        Set<String> written = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            String pk = "item-" + i;
            written.add(pk);
            dynamo.putItem(r -> r.tableName(table).item(item("pk", pk)));
        }

        List<String> seen = new ArrayList<>();
        for (int segment = 0; segment < 4; segment++) {
            int current = segment;
            seen.addAll(strings(Fixtures.scanAll(dynamo, ScanRequest.builder().tableName(table).segment(current)
                    .totalSegments(4).limit(7).build()), "pk"));
        }

        assertEquals(60, seen.size(), "no item twice");
        assertEquals(written, new HashSet<>(seen));
    }

    @Test
    @DisplayName("API Reference, Scan Segment: Segment must be less than TotalSegments, and both are needed")
    void parallelScanValidation() {
        String table = Fixtures.createPkTable(dynamo, Target.uniqueTableName("scan-segments-bad"));

        DynamoDbException tooHigh = assertThrows(DynamoDbException.class,
                () -> dynamo.scan(r -> r.tableName(table).segment(4).totalSegments(4)));
        DynamoDbException alone = assertThrows(DynamoDbException.class,
                () -> dynamo.scan(r -> r.tableName(table).segment(0)));

        assertEquals("ValidationException", tooHigh.awsErrorDetails().errorCode());
        assertEquals("ValidationException", alone.awsErrorDetails().errorCode());
    }

    @Test
    @DisplayName("API Reference, Scan: Limit pages reach every item once and the last page has no LastEvaluatedKey")
    void scanPaging() {
        String table = numberedTable("scan-paging", 17);

        ScanResponse last = null;
        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            last = dynamo.scan(r -> r.tableName(table).limit(5).exclusiveStartKey(from));
            seen.addAll(numbers(last.items(), "sk"));
            start = last.hasLastEvaluatedKey() && !last.lastEvaluatedKey().isEmpty() ? last.lastEvaluatedKey() : null;
        } while (start != null);

        assertEquals(17, seen.size());
        assertEquals(17, new HashSet<>(seen).size());
        assertFalse(last.hasLastEvaluatedKey() && !last.lastEvaluatedKey().isEmpty());
    }
    // ------------------------------------------------------------------ more index and paging rules

    @Test
    @DisplayName("Developer Guide, Global secondary indexes (Reading data): ConsistentRead is not supported on a GSI")
    void consistentReadOnGlobalIndexRefused() {
        String table = indexedTable();

        DynamoDbException error = assertThrows(DynamoDbException.class, () -> dynamo.query(r -> r.tableName(table)
                .indexName("by-g").keyConditionExpression("g = :g").expressionAttributeValues(values(":g", "x"))
                .consistentRead(true)));
        assertEquals("ValidationException", error.awsErrorDetails().errorCode());
    }

    @Test
    @DisplayName("API Reference, Query LastEvaluatedKey: on an index it holds the table key and the index key; "
            + "paging a GSI reaches every item once")
    void globalIndexPaging() {
        String table = indexedTable();
        for (int i = 0; i < 9; i++) {
            int k = i;
            dynamo.putItem(r -> r.tableName(table).item(item("pk", "p" + k, "sk", "s", "g", "x", "gs", k % 3)));
        }

        QueryResponse first = dynamo.query(r -> r.tableName(table).indexName("by-g").keyConditionExpression("g = :g")
                .expressionAttributeValues(values(":g", "x")).limit(2));
        List<Map<String, AttributeValue>> all = Fixtures.queryAll(dynamo, QueryRequest.builder().tableName(table)
                .indexName("by-g").keyConditionExpression("g = :g").expressionAttributeValues(values(":g", "x"))
                .limit(2).build());

        assertEquals(Set.of("pk", "sk", "g", "gs"), first.lastEvaluatedKey().keySet());
        assertEquals(9, all.size());
        assertEquals(9, new HashSet<>(strings(all, "pk")).size());
        assertEquals(List.of("0", "0", "0", "1", "1", "1", "2", "2", "2"), numbers(all, "gs"));
    }

    @Test
    @DisplayName("API Reference, Query Select: ALL_ATTRIBUTES on a GSI that does not project everything is refused; "
            + "on an LSI it fetches the whole item")
    void selectAllAttributesOnIndexes() {
        String table = indexedTable();
        dynamo.putItem(r -> r.tableName(table).item(item("pk", "p", "sk", "a", "g", "x", "l", 1, "unprojected", "u")));

        DynamoDbException error = assertThrows(DynamoDbException.class, () -> dynamo.query(r -> r.tableName(table)
                .indexName("by-g-keys").keyConditionExpression("g = :g").expressionAttributeValues(values(":g", "x"))
                .select(Select.ALL_ATTRIBUTES)));
        List<Map<String, AttributeValue>> local = dynamo.query(r -> r.tableName(table).indexName("by-l")
                .keyConditionExpression("pk = :p").expressionAttributeValues(values(":p", "p"))
                .select(Select.ALL_ATTRIBUTES)).items();

        assertEquals("ValidationException", error.awsErrorDetails().errorCode());
        assertEquals(List.of(item("pk", "p", "sk", "a", "g", "x", "l", 1, "unprojected", "u")), local);
    }

    @Test
    @DisplayName("API Reference, Query Select: SPECIFIC_ATTRIBUTES needs a projection; ALL_PROJECTED_ATTRIBUTES needs "
            + "an index")
    void selectValidation() {
        String table = numberedTable("query-select", 1);

        DynamoDbException specific = assertThrows(DynamoDbException.class, () -> dynamo.query(r -> r.tableName(table)
                .keyConditionExpression("pk = :p").expressionAttributeValues(values(":p", "p"))
                .select(Select.SPECIFIC_ATTRIBUTES)));
        DynamoDbException projected = assertThrows(DynamoDbException.class, () -> dynamo.query(r -> r.tableName(table)
                .keyConditionExpression("pk = :p").expressionAttributeValues(values(":p", "p"))
                .select(Select.ALL_PROJECTED_ATTRIBUTES)));

        assertEquals("ValidationException", specific.awsErrorDetails().errorCode());
        assertEquals("ValidationException", projected.awsErrorDetails().errorCode());
    }

    @Test
    @DisplayName("Developer Guide, Scan (Filter expressions): the 1 MB limit applies before the filter, so a page "
            + "can be empty and still have a LastEvaluatedKey")
    void oneMegabyteLimitBeforeFilter() {
        String table = Fixtures.createPkSkTable(dynamo, Target.uniqueTableName("scan-1mb-filter"),
                ScalarAttributeType.N);
        String padding = "x".repeat(100 * 1024);
        for (int i = 0; i < 25; i++) {
            int k = i;
            dynamo.putItem(r -> r.tableName(table).item(item("pk", "p", "sk", k, "pad", padding)));
        }

        ScanResponse first = dynamo.scan(r -> r.tableName(table).filterExpression("attribute_exists(nope)"));
        QueryResponse query = dynamo.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .filterExpression("attribute_exists(nope)").expressionAttributeValues(values(":p", "p")));

        assertEquals(0, first.count());
        assertTrue(first.scannedCount() > 0 && first.scannedCount() < 25, "scanned " + first.scannedCount());
        assertTrue(first.hasLastEvaluatedKey() && !first.lastEvaluatedKey().isEmpty());
        assertEquals(0, query.count());
        assertTrue(query.scannedCount() < 25, "scanned " + query.scannedCount());
        assertTrue(query.hasLastEvaluatedKey() && !query.lastEvaluatedKey().isEmpty());
    }

    @Test
    @DisplayName("API Reference, Query ExclusiveStartKey: paging backwards (ScanIndexForward=false) reaches every "
            + "item once")
    void descendingPaging() {
        String table = numberedTable("query-desc-paging", 11);

        List<Map<String, AttributeValue>> all = Fixtures.queryAll(dynamo, QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :p").expressionAttributeValues(values(":p", "p")).scanIndexForward(false)
                .limit(3).build());

        assertEquals(List.of("10", "9", "8", "7", "6", "5", "4", "3", "2", "1", "0"), numbers(all, "sk"));
    }
}
