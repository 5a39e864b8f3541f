package io.callhook.store;

import java.time.Instant;
import io.callhook.privacy.NumberMatcher;
import static io.callhook.store.Items.string;

import io.callhook.config.Environment;
import io.callhook.contact.Contact;
import io.callhook.contact.ContactDirectory;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.Delete;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.dynamodb.GetItemResponse;
import io.callhook.dynamodb.Put;
import io.callhook.dynamodb.QueryRequest;
import io.callhook.dynamodb.TransactWriteItem;
import io.callhook.dynamodb.TransactionCanceledException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contacts table ({@code ContactsTable} in template.yaml): one item per organization and number, key
 * {@value #ORGANIZATION} (partition) and {@value #NUMBER} (sort, E.164), holding {@code name}, {@code company} and
 * {@code link}; and per organization a change marker ({@value #NUMBER} = {@value #MARK}, a {@code version} number
 * raised after every change). Answers look contacts up by key ({@code BatchGetItem}, 100 numbers per request);
 * nothing scans. An import replaces the contacts of the numbers it names and leaves the others.
 */
public final class DynamoContactStore implements ContactDirectory {

    public static final String TABLE_VARIABLE = "CONTACTS_TABLE";
    static final String ORGANIZATION = "organizationId";
    static final String NUMBER = "number";
    static final String MARK = "#mark";
    private static final int BATCH = 100;
    /** The most list entries read per page. */
    public static final int MAX_LIST = 1000;

    private final DynamoDbJsonClient dynamo;
    private final String table;

    public DynamoContactStore(DynamoDbJsonClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The contacts table of {@code env}, or {@code null} when the function has none. */
    public static DynamoContactStore fromEnvironment(DynamoDbJsonClient dynamo, Environment env) {
        return env.optional(TABLE_VARIABLE).map(table -> new DynamoContactStore(dynamo, table)).orElse(null);
    }

    @Override
    public Map<String, Contact> find(String organization, Set<String> numbers) {
        Map<String, Contact> found = new HashMap<>();
        List<String> keys = List.copyOf(numbers);
        for (int from = 0; from < keys.size(); from += BATCH) {
            List<Map<String, AttributeValue>> batch = keys.subList(from, Math.min(keys.size(), from + BATCH))
                    .stream().map(number -> key(organization, number)).toList();
            dynamo.batchGetItems(table, batch, false).forEach(item -> {
                Contact contact = toContact(item);
                found.put(contact.number(), contact);
            });
        }
        return found;
    }

    @Override
    public String changeMarker(String organization) {
        GetItemResponse response = dynamo.getItem(b -> b.tableName(table).key(key(organization, MARK))
                .consistentRead(true));
        AttributeValue version = response.hasItem() ? response.item().get("version") : null;
        return version == null ? "0" : version.n();
    }

    /**
     * Saves every contact (a contact of the same number is replaced), 100 per transaction, then raises the change
     * marker. Saving the same contacts again changes nothing but the marker.
     */
    public void save(String organization, List<Contact> contacts) {
        for (int from = 0; from < contacts.size(); from += BATCH) {
            List<TransactWriteItem> writes = contacts.subList(from, Math.min(contacts.size(), from + BATCH)).stream()
                    .map(contact -> TransactWriteItem.builder().put(Put.builder().tableName(table)
                            .item(toItem(organization, contact)).build()).build()).toList();
            dynamo.transactWriteItems(b -> b.transactItems(writes));
        }
        if (!contacts.isEmpty()) {
            markChanged(organization);
        }
    }

    /** Removes the contact of {@code number} (E.164); {@code false} when there was none (nothing is written). */
    public boolean remove(String organization, String number) {
        try {
            dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().delete(Delete.builder()
                    .tableName(table).key(key(organization, number)).conditionExpression("attribute_exists(#n)")
                    .expressionAttributeNames(Map.of("#n", NUMBER)).build()).build()));
        } catch (TransactionCanceledException e) {
            if (e.hasCancellationReasons() && e.cancellationReasons().stream()
                    .anyMatch(reason -> "ConditionalCheckFailed".equals(reason.code()))) {
                return false;
            }
            throw e;
        }
        markChanged(organization);
        return true;
    }

    /** One page of the organization's contacts by number, continued by the page's token. */
    public Page<Contact> list(String organization, int limit, String token) {
        QueryRequest request = QueryRequest.builder().tableName(table)
                .keyConditionExpression("#o = :o AND begins_with(#n, :plus)")
                .expressionAttributeNames(Map.of("#o", ORGANIZATION, "#n", NUMBER))
                .expressionAttributeValues(Map.of(":o", AttributeValue.fromS(organization),
                        ":plus", AttributeValue.fromS("+")))
                .build();
        MergedQuery query = new MergedQuery(dynamo, List.of(request), ORGANIZATION, List.of(organization), NUMBER,
                Set.of(ORGANIZATION, NUMBER), Math.min(limit, MAX_LIST), 10, token);
        List<Contact> contacts = query.take(DynamoContactStore::toContact, limit, Long.MAX_VALUE, contact -> 0);
        return new Page<>(new ArrayList<>(contacts), query.token());
    }

    /**
     * The directory's part of a person's data ({@link PersonalData}, for erasure and export): the contact of the
     * number, found by key (contacts are kept under the E.164 form, so the matcher's canonical digits with a
     * {@code +}); erasing deletes it and raises the change marker. Contacts are no calls: an erasure's time does
     * not limit them.
     */
    public PersonalData personalData() {
        return new PersonalData() {
            @Override
            public String name() {
                return "contacts";
            }

            @Override
            public Found find(String organization, NumberMatcher number, Instant until, String cursor) {
                GetItemResponse response = dynamo.getItem(b -> b.tableName(table)
                        .key(key(organization, "+" + number.canonical())).consistentRead(true));
                return new Found(response.hasItem() ? List.of(response.item()) : List.of(), null, 1);
            }

            @Override
            public int erase(String organization, NumberMatcher number, Found found, Instant erasedAt) {
                for (Map<String, AttributeValue> item : found.items()) {
                    // an unconditional delete: removing a contact already gone changes nothing
                    dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().delete(Delete.builder()
                            .tableName(table).key(key(organization, string(item, NUMBER))).build()).build()));
                }
                if (!found.items().isEmpty()) {
                    markChanged(organization);
                }
                return found.items().size();
            }
        };
    }

    private void markChanged(String organization) {
        dynamo.updateItem(b -> b.tableName(table).key(key(organization, MARK)).updateExpression("ADD version :one")
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
    }

    private static Map<String, AttributeValue> key(String organization, String number) {
        return Map.of(ORGANIZATION, AttributeValue.fromS(organization), NUMBER, AttributeValue.fromS(number));
    }

    private static Map<String, AttributeValue> toItem(String organization, Contact contact) {
        Map<String, AttributeValue> item = new HashMap<>(key(organization, contact.number()));
        if (contact.name() != null) {
            item.put("name", AttributeValue.fromS(contact.name()));
        }
        if (contact.company() != null) {
            item.put("company", AttributeValue.fromS(contact.company()));
        }
        if (contact.link() != null) {
            item.put("link", AttributeValue.fromS(contact.link()));
        }
        return item;
    }

    private static Contact toContact(Map<String, AttributeValue> item) {
        return new Contact(string(item, NUMBER), string(item, "name"), string(item, "company"), string(item, "link"));
    }
}
