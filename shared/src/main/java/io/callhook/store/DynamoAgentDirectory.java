package io.callhook.store;

import static io.callhook.store.Items.string;

import io.callhook.agent.Agent;
import io.callhook.agent.AgentDirectory;
import io.callhook.config.Environment;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.CancellationReason;
import io.callhook.dynamodb.ConditionalCheckFailedException;
import io.callhook.dynamodb.Delete;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.dynamodb.GetItemResponse;
import io.callhook.dynamodb.Put;
import io.callhook.dynamodb.QueryResponse;
import io.callhook.dynamodb.ReturnValuesOnConditionCheckFailure;
import io.callhook.dynamodb.ScanRequest;
import io.callhook.dynamodb.TransactWriteItem;
import io.callhook.dynamodb.TransactionCanceledException;
import io.callhook.log.Log;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The agents table ({@code AgentsTable} in template.yaml). Two kinds of item share the key {@value #AGENT_ID}:
 * <ul>
 *   <li>an agent, keyed by its id: login, e-mail, phones, organisation, the SHA-256 hash of its token and a version;
 *       the {@value #BY_TOKEN_HASH_INDEX} index finds it by token hash;</li>
 *   <li>one name item per name the agent goes by (its id, login, e-mail and each phone), keyed
 *       {@code name#<value>}, pointing at the agent.</li>
 * </ul>
 * An agent and its name items are written in one transaction, each name only if no other agent holds it, so a name
 * belongs to at most one agent. That makes {@link #resolve} exact: Zammad's order (phone, then login, then id)
 * can never pick between two agents, because no value is two agents' names.
 *
 * <p>Tokens are never stored; only their hashes. A hash that matches more than one agent (possible only if an
 * operator reused a token) authenticates nobody.
 */
public final class DynamoAgentDirectory implements AgentDirectory {

    public static final String TABLE_VARIABLE = "AGENTS_TABLE";
    public static final String BY_TOKEN_HASH_INDEX = "byTokenHash";
    public static final String AGENT_ID = "agentId";
    public static final String KIND = "kind";
    public static final String KIND_AGENT = "agent";
    public static final String KIND_NAME = "name";
    public static final String LOGIN = "login";
    public static final String EMAIL = "email";
    public static final String PHONES = "phones";
    public static final String ORGANIZATION_ID = "organizationId";
    public static final String TOKEN_HASH = "tokenHash";
    public static final String VERSION = "version";
    public static final String NAME_OF = "nameOf";
    public static final String NAME_PREFIX = "name#";

    /** The most phone numbers one agent may have. */
    public static final int MAX_PHONES = 20;
    /** The longest id, login, e-mail, phone number or organisation id, in characters. */
    public static final int MAX_LENGTH = 256;

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final DynamoDbJsonClient dynamo;
    private final String table;

    public DynamoAgentDirectory(DynamoDbJsonClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static DynamoAgentDirectory fromEnvironment(DynamoDbJsonClient dynamo, Environment env) {
        return new DynamoAgentDirectory(dynamo, env.require(TABLE_VARIABLE));
    }

    public String table() {
        return table;
    }

    @Override
    public Optional<Agent> byTokenHash(String tokenHash) {
        QueryResponse response = dynamo.query(b -> b.tableName(table).indexName(BY_TOKEN_HASH_INDEX)
                .keyConditionExpression("#h = :h")
                .expressionAttributeNames(Map.of("#h", TOKEN_HASH))
                .expressionAttributeValues(Map.of(":h", AttributeValue.fromS(tokenHash)))
                .limit(2));
        List<Map<String, AttributeValue>> agents = response.items().stream()
                .filter(item -> KIND_AGENT.equals(string(item, KIND))).toList();
        if (agents.size() > 1) {
            Log.warn("one token hash matches several agents; it authenticates nobody", "agents",
                    agents.stream().map(item -> string(item, AGENT_ID)).toList());
        }
        return agents.size() == 1 ? Optional.of(toAgent(agents.get(0))) : Optional.empty();
    }

    @Override
    public Optional<Agent> resolve(String name, String organizationId) {
        return organizationId == null ? Optional.empty()
                : resolve(name).filter(agent -> organizationId.equals(agent.organizationId()));
    }

    /**
     * The agent with this name in any organization (names are unique across the table): for operators' tools,
     * never for a request, which resolves names within its organization ({@link #resolve(String, String)}).
     */
    public Optional<Agent> resolve(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> nameItem = getItem(NAME_PREFIX + name);
        String agentId = nameItem == null ? null : string(nameItem, NAME_OF);
        return agentId == null ? Optional.empty() : get(agentId);
    }

    /** The agent with this id, if any. */
    public Optional<Agent> get(String agentId) {
        Map<String, AttributeValue> item = getItem(agentId);
        return item != null && KIND_AGENT.equals(string(item, KIND)) ? Optional.of(toAgent(item)) : Optional.empty();
    }

    /** Every agent, by id. Reads the whole table: for the command-line tool, never for a request. */
    public List<Agent> list() {
        List<Agent> agents = new ArrayList<>();
        ScanRequest request = ScanRequest.builder().tableName(table).consistentRead(true)
                .filterExpression("#k = :agent")
                .expressionAttributeNames(Map.of("#k", KIND))
                .expressionAttributeValues(Map.of(":agent", AttributeValue.fromS(KIND_AGENT)))
                .build();
        dynamo.scanPaginator(request).items().forEach(item -> agents.add(toAgent(item)));
        agents.sort(Comparator.comparing(Agent::id));
        return agents;
    }

    /**
     * Adds a new agent.
     *
     * @throws AgentConflictException when the id exists, or a name or the token is another agent's
     * @throws IllegalArgumentException when a field is missing or malformed (nothing is written)
     */
    public void create(Agent agent, String tokenHash) {
        write(agent, tokenHash, true);
    }

    /**
     * Adds the agent, or replaces the agent with this id: its fields, token hash and names (names it no longer has
     * are released). Loading the same agent twice changes nothing.
     *
     * @throws AgentConflictException when a name or the token is another agent's
     * @throws IllegalArgumentException when a field is missing or malformed (nothing is written)
     */
    public void save(Agent agent, String tokenHash) {
        write(agent, tokenHash, false);
    }

    /** Removes the agent and its names; {@code false} if there was no such agent. */
    public boolean remove(String agentId) {
        Map<String, AttributeValue> existing = getItem(agentId);
        if (existing == null || !KIND_AGENT.equals(string(existing, KIND))) {
            return false;
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(Map.of(AGENT_ID, AttributeValue.fromS(agentId)))
                .conditionExpression("#v = :v")
                .expressionAttributeNames(Map.of("#v", VERSION))
                .expressionAttributeValues(Map.of(":v", existing.get(VERSION)))
                .build()).build());
        for (String name : names(toAgent(existing)).keySet()) {
            writes.add(releaseName(name, agentId));
        }
        try {
            dynamo.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException e) {
            if (conditionFailed(e)) {
                throw new AgentConflictException("agent " + agentId + " was changed at the same time; try again");
            }
            throw e;
        }
        return true;
    }

    /**
     * Replaces an agent's token hash; the old token stops working.
     *
     * @return {@code false} if there is no such agent
     * @throws AgentConflictException when another agent has this token
     */
    public boolean rotateToken(String agentId, String tokenHash) {
        requireHash(tokenHash);
        requireTokenUnused(tokenHash, agentId);
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(AGENT_ID, AttributeValue.fromS(agentId)))
                    .updateExpression("SET #h = :h ADD #v :one")
                    .conditionExpression("#k = :agent")
                    .expressionAttributeNames(Map.of("#h", TOKEN_HASH, "#v", VERSION, "#k", KIND))
                    .expressionAttributeValues(Map.of(":h", AttributeValue.fromS(tokenHash),
                            ":one", AttributeValue.fromN("1"), ":agent", AttributeValue.fromS(KIND_AGENT))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * The names an agent goes by, each with what it is ({@code id}, {@code login}, {@code email}, {@code phone}).
     * A value the agent has twice (a login equal to its id) counts once.
     */
    public static Map<String, String> names(Agent agent) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String phone : agent.phones()) {
            names.putIfAbsent(phone, "phone");
        }
        names.putIfAbsent(agent.login(), "login");
        names.putIfAbsent(agent.id(), "id");
        if (agent.email() != null) {
            names.putIfAbsent(agent.email(), "email");
        }
        return names;
    }

    /**
     * Checks an agent and token hash before anything is written.
     *
     * @throws IllegalArgumentException naming the first field that is missing or malformed
     */
    public static void validate(Agent agent, String tokenHash) {
        requireValue("id", agent.id());
        if (agent.id().contains("#")) {
            throw new IllegalArgumentException("id must not contain '#'");
        }
        requireValue("login", agent.login());
        requireValue("organizationId", agent.organizationId());
        if (agent.email() != null) {
            requireValue("email", agent.email());
        }
        if (agent.phones().size() > MAX_PHONES) {
            throw new IllegalArgumentException("an agent has at most " + MAX_PHONES + " phone numbers");
        }
        for (String phone : agent.phones()) {
            requireValue("phone", phone);
        }
        requireHash(tokenHash);
    }

    private void write(Agent agent, String tokenHash, boolean mustBeNew) {
        validate(agent, tokenHash);
        Map<String, AttributeValue> existing = getItem(agent.id());
        if (existing != null && mustBeNew) {
            throw new AgentConflictException("agent " + agent.id() + " exists already");
        }
        if (existing != null && toAgent(existing).equals(agent) && tokenHash.equals(string(existing, TOKEN_HASH))) {
            return;
        }
        requireTokenUnused(tokenHash, agent.id());
        Map<String, String> oldNames = existing == null ? Map.of() : names(toAgent(existing));
        Map<String, String> newNames = names(agent);

        List<TransactWriteItem> writes = new ArrayList<>();
        List<String> what = new ArrayList<>();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(AGENT_ID, AttributeValue.fromS(agent.id()));
        item.put(KIND, AttributeValue.fromS(KIND_AGENT));
        item.put(LOGIN, AttributeValue.fromS(agent.login()));
        if (agent.email() != null) {
            item.put(EMAIL, AttributeValue.fromS(agent.email()));
        }
        if (!agent.phones().isEmpty()) {
            item.put(PHONES, AttributeValue.fromSs(List.copyOf(agent.phones())));
        }
        item.put(ORGANIZATION_ID, AttributeValue.fromS(agent.organizationId()));
        item.put(TOKEN_HASH, AttributeValue.fromS(tokenHash));
        long version = existing == null ? 1 : Long.parseLong(existing.get(VERSION).n()) + 1;
        item.put(VERSION, AttributeValue.fromN(Long.toString(version)));
        Put.Builder put = Put.builder().tableName(table).item(item);
        if (existing == null) {
            put.conditionExpression("attribute_not_exists(#id)").expressionAttributeNames(Map.of("#id", AGENT_ID));
        } else {
            put.conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", VERSION))
                    .expressionAttributeValues(Map.of(":v", existing.get(VERSION)));
        }
        writes.add(TransactWriteItem.builder().put(put.build()).build());
        what.add(null);
        newNames.forEach((name, kind) -> {
            if (!oldNames.containsKey(name)) {
                writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                        .item(Map.of(AGENT_ID, AttributeValue.fromS(NAME_PREFIX + name),
                                KIND, AttributeValue.fromS(KIND_NAME),
                                NAME_OF, AttributeValue.fromS(agent.id())))
                        .conditionExpression("attribute_not_exists(#id)")
                        .expressionAttributeNames(Map.of("#id", AGENT_ID))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build()).build());
                what.add(kind + " " + name);
            }
        });
        oldNames.keySet().stream().filter(name -> !newNames.containsKey(name)).forEach(name -> {
            writes.add(releaseName(name, agent.id()));
            what.add(null);
        });
        try {
            dynamo.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException e) {
            if (!conditionFailed(e)) {
                throw e;
            }
            List<CancellationReason> reasons = e.cancellationReasons();
            for (int i = 0; i < reasons.size(); i++) {
                CancellationReason reason = reasons.get(i);
                if ("ConditionalCheckFailed".equals(reason.code()) && what.get(i) != null) {
                    String holder = reason.hasItem() ? string(reason.item(), NAME_OF) : null;
                    throw new AgentConflictException(what.get(i) + " is already used by agent " + holder);
                }
            }
            throw new AgentConflictException(mustBeNew ? "agent " + agent.id() + " exists already"
                    : "agent " + agent.id() + " was changed at the same time; try again");
        }
    }

    private TransactWriteItem releaseName(String name, String agentId) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(Map.of(AGENT_ID, AttributeValue.fromS(NAME_PREFIX + name)))
                .conditionExpression("#of = :id")
                .expressionAttributeNames(Map.of("#of", NAME_OF))
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(agentId)))
                .build()).build();
    }

    /** Refuses a token hash another agent has. The index is eventually consistent; lookups fail closed anyway. */
    private void requireTokenUnused(String tokenHash, String agentId) {
        QueryResponse response = dynamo.query(b -> b.tableName(table).indexName(BY_TOKEN_HASH_INDEX)
                .keyConditionExpression("#h = :h")
                .expressionAttributeNames(Map.of("#h", TOKEN_HASH))
                .expressionAttributeValues(Map.of(":h", AttributeValue.fromS(tokenHash))));
        Set<String> holders = new LinkedHashSet<>();
        response.items().forEach(item -> holders.add(string(item, AGENT_ID)));
        holders.remove(agentId);
        if (!holders.isEmpty()) {
            throw new AgentConflictException("the token is already used by agent " + holders.iterator().next());
        }
    }

    private Map<String, AttributeValue> getItem(String key) {
        GetItemResponse response = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(AGENT_ID, AttributeValue.fromS(key))).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
    }

    private static boolean conditionFailed(TransactionCanceledException e) {
        return e.hasCancellationReasons()
                && e.cancellationReasons().stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()));
    }

    private static Agent toAgent(Map<String, AttributeValue> item) {
        AttributeValue phones = item.get(PHONES);
        return new Agent(string(item, AGENT_ID), string(item, LOGIN), string(item, EMAIL),
                phones == null || !phones.hasSs() ? Set.of() : Set.copyOf(phones.ss()),
                string(item, ORGANIZATION_ID));
    }

    private static void requireValue(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        if (!value.equals(value.strip())) {
            throw new IllegalArgumentException(field + " must not start or end with spaces");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(field + " is longer than " + MAX_LENGTH + " characters");
        }
    }

    private static void requireHash(String tokenHash) {
        if (tokenHash == null || !HASH.matcher(tokenHash).matches()) {
            throw new IllegalArgumentException("a token hash is 64 lower-case hex digits (SHA-256)");
        }
    }

    /** A name, id or token is another agent's, or the agent changed meanwhile; nothing was written. */
    public static final class AgentConflictException extends RuntimeException {
        public AgentConflictException(String message) {
            super(message, null, false, false);
        }
    }
}
