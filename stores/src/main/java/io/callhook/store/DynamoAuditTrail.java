package io.callhook.store;

import io.callhook.config.Environment;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.dynamodb.QueryRequest;
import io.callhook.dynamodb.QueryResponse;
import io.callhook.privacy.NumberMatcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit table: one item per state-changing action, {@code pk} = organization, {@code sk} = {@code <epoch ms,
 * 13 digits>#<request id>}, so an organization's entries read newest first and the same request (a Lambda retry of
 * it) writes the same item again: recording is idempotent.
 */
public final class DynamoAuditTrail {

    public static final String TABLE_VARIABLE = "AUDIT_TABLE";
    /** The text an erasure leaves where an entry named the number. */
    public static final String ERASED = "[erased]";

    /** One action: who, what, on what, when, from where. */
    public record Entry(String organization, Instant at, String requestId, String actor, String action,
                        Map<String, String> target, String sourceIp, String userAgent, Instant expiresAt) {

        public Entry {
            target = target == null ? Map.of() : Map.copyOf(target);
        }

        /** The answer's view of an entry. */
        public Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("at", at.toString());
            view.put("actor", actor);
            view.put("action", action);
            view.put("target", new java.util.TreeMap<>(target));
            view.put("sourceIp", sourceIp);
            view.put("userAgent", userAgent);
            view.put("requestId", requestId);
            return view;
        }
    }

    private final DynamoDbJsonClient dynamo;
    private final String table;

    public DynamoAuditTrail(DynamoDbJsonClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The trail of {@code env}'s {@value #TABLE_VARIABLE}, or {@code null} when it names none. */
    public static DynamoAuditTrail fromEnvironment(DynamoDbJsonClient dynamo, Environment env) {
        return env.optional(TABLE_VARIABLE).filter(t -> !t.isBlank()).map(t -> new DynamoAuditTrail(dynamo, t))
                .orElse(null);
    }

    /** Writes the entry (again: the same request's entry is one item). */
    public void record(Entry entry) {
        dynamo.putItem(b -> b.tableName(table).item(item(entry)));
    }

    /** One page of the organization's entries, newest first. */
    public Page<Entry> page(String organization, int limit, String token) {
        QueryRequest.Builder request = QueryRequest.builder().tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(organization))).scanIndexForward(false)
                .limit(limit);
        if (token != null) {
            Map<String, AttributeValue> start;
            try {
                start = ItemJson.key(new String(java.util.Base64.getUrlDecoder().decode(token),
                        java.nio.charset.StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                throw new InvalidPageTokenException();
            }
            if (start.get("pk") == null || !organization.equals(start.get("pk").s())) {
                throw new InvalidPageTokenException();
            }
            request.exclusiveStartKey(start);
        }
        QueryResponse response = dynamo.query(request.build());
        List<Entry> entries = new ArrayList<>();
        response.items().forEach(item -> entries.add(entry(item)));
        String next = response.lastEvaluatedKey() == null || response.lastEvaluatedKey().isEmpty() ? null
                : java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(ItemJson.cursor(
                        response.lastEvaluatedKey()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new Page<>(entries, next);
    }

    /** The audit trail's part of a person's data: entries naming the number, which an erasure strips of it. */
    public PersonalData personalData() {
        return new PersonalData() {
            @Override
            public String name() {
                return "audit";
            }

            @Override
            public Found find(String organization, NumberMatcher number, Instant until, String cursor) {
                QueryRequest.Builder request = QueryRequest.builder().tableName(table)
                        .keyConditionExpression("pk = :p").consistentRead(true)
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(organization)))
                        .limit(PersonalDataSources.PAGE);
                if (cursor != null) {
                    request.exclusiveStartKey(ItemJson.key(cursor));
                }
                QueryResponse response = dynamo.query(request.build());
                List<Map<String, AttributeValue>> found = response.items().stream()
                        .filter(item -> PersonalDataSources.holds(item, number)).toList();
                String next = response.lastEvaluatedKey() == null || response.lastEvaluatedKey().isEmpty() ? null
                        : ItemJson.cursor(response.lastEvaluatedKey());
                return new Found(found, next, response.items().size());
            }

            @Override
            public int erase(String organization, NumberMatcher number, Found found, Instant erasedAt) {
                for (Map<String, AttributeValue> item : found.items()) {
                    Map<String, AttributeValue> redacted = new LinkedHashMap<>();
                    item.forEach((name, value) -> redacted.put(name, redact(value, number)));
                    dynamo.putItem(b -> b.tableName(table).item(redacted));
                }
                return found.items().size();
            }
        };
    }

    private static AttributeValue redact(AttributeValue value, NumberMatcher number) {
        if (value.s() != null) {
            return number.matches(value.s()) ? AttributeValue.fromS(ERASED) : value;
        }
        if (value.hasM()) {
            Map<String, AttributeValue> map = new LinkedHashMap<>();
            value.m().forEach((k, v) -> map.put(k, redact(v, number)));
            return AttributeValue.fromM(map);
        }
        return value;
    }

    static Map<String, AttributeValue> item(Entry entry) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", AttributeValue.fromS(entry.organization()));
        item.put("sk", AttributeValue.fromS(String.format("%013d", entry.at().toEpochMilli()) + "#"
                + entry.requestId()));
        item.put("at", CallItemLayout.time(entry.at()));
        item.put("requestId", AttributeValue.fromS(entry.requestId()));
        item.put("actor", AttributeValue.fromS(entry.actor()));
        item.put("action", AttributeValue.fromS(entry.action()));
        Map<String, AttributeValue> target = new LinkedHashMap<>();
        entry.target().forEach((k, v) -> target.put(k, AttributeValue.fromS(v)));
        item.put("target", AttributeValue.fromM(target));
        if (entry.sourceIp() != null) {
            item.put("sourceIp", AttributeValue.fromS(entry.sourceIp()));
        }
        if (entry.userAgent() != null) {
            item.put("userAgent", AttributeValue.fromS(entry.userAgent()));
        }
        item.put("expiresAt", AttributeValue.fromN(Long.toString(entry.expiresAt().getEpochSecond())));
        return item;
    }

    static Entry entry(Map<String, AttributeValue> item) {
        Map<String, String> target = new LinkedHashMap<>();
        if (item.get("target") != null && item.get("target").hasM()) {
            item.get("target").m().forEach((k, v) -> target.put(k, v.s()));
        }
        return new Entry(Items.string(item, "pk"), Items.time(item, "at"), Items.string(item, "requestId"),
                Items.string(item, "actor"), Items.string(item, "action"), target, Items.string(item, "sourceIp"),
                Items.string(item, "userAgent"), item.containsKey("expiresAt")
                ? Instant.ofEpochSecond(Long.parseLong(item.get("expiresAt").n())) : null);
    }
}
