package io.callhook.store;

import static io.callhook.store.Items.string;

import io.callhook.agent.Agent;
import io.callhook.agent.AgentDirectory;
import io.callhook.agent.Role;
import io.callhook.config.Environment;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.CancellationReason;
import io.callhook.dynamodb.ConditionCheck;
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
    public static final String DISPLAY_NAME = "displayName";
    public static final String PHONES = "phones";
    public static final String ORGANIZATION_ID = "organizationId";
    public static final String TOKEN_HASH = "tokenHash";
    public static final String VERSION = "version";
    public static final String NAME_OF = "nameOf";
    public static final String NAME_PREFIX = "name#";
    /** The agent's role ({@link Role#wire}); absent on an agent's item means {@link Role#AGENT}. */
    public static final String ROLE = "role";

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
     * Several names at once, by key ({@code BatchGetItem}, eventually consistent): their name items, then their
     * agents; two batches per 100 names. Only agents of {@code organizationId} are answered.
     */
    @Override
    public Map<String, Agent> resolveAll(java.util.Collection<String> names, String organizationId) {
        Map<String, Agent> found = new LinkedHashMap<>();
        List<String> wanted = names.stream().filter(name -> name != null && !name.isBlank()
                && (NAME_PREFIX + name).length() <= 1024).distinct().toList();
        if (organizationId == null || wanted.isEmpty()) {
            return found;
        }
        Map<String, String> agentOf = new HashMap<>();
        for (Map<String, AttributeValue> item : batchGet(wanted.stream().map(name -> NAME_PREFIX + name).toList())) {
            agentOf.put(string(item, AGENT_ID).substring(NAME_PREFIX.length()), string(item, NAME_OF));
        }
        Map<String, Agent> agents = new HashMap<>();
        for (Map<String, AttributeValue> item : batchGet(agentOf.values().stream().distinct().toList())) {
            if (KIND_AGENT.equals(string(item, KIND))) {
                Agent agent = toAgent(item);
                agents.put(agent.id(), agent);
            }
        }
        for (String name : wanted) {
            Agent agent = agents.get(agentOf.get(name));
            if (agent != null && organizationId.equals(agent.organizationId())) {
                found.put(name, agent);
            }
        }
        return found;
    }

    private List<Map<String, AttributeValue>> batchGet(List<String> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += 100) {
            items.addAll(dynamo.batchGetItems(table, keys.subList(from, Math.min(keys.size(), from + 100)).stream()
                    .map(key -> Map.of(AGENT_ID, AttributeValue.fromS(key))).toList(), false));
        }
        return items;
    }

    /**
     * The agent with this name in any organization (names are unique across the table): for operators' tools and
     * a sign-in's verified claim, never for a name a request carries, which resolves within its organization
     * ({@link #resolve(String, String)}).
     */
    @Override
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
     * An agent as the admin API shows it: the agent and whether it holds a token for tools (never the token or its
     * hash).
     */
    public record Stored(Agent agent, boolean hasToken) {
    }

    /** The agent with this id and whether it has a token, if any (strongly consistent). */
    public Optional<Stored> stored(String agentId) {
        Map<String, AttributeValue> item = getItem(agentId);
        return item != null && KIND_AGENT.equals(string(item, KIND))
                ? Optional.of(new Stored(toAgent(item), item.containsKey(TOKEN_HASH))) : Optional.empty();
    }

    /**
     * Every agent of {@code organizationId}, by id, and whether each has a token. Reads the whole table (a Scan,
     * strongly consistent, filtered): for an admin's occasional request, never on a call's path.
     */
    public List<Stored> list(String organizationId) {
        List<Stored> agents = new ArrayList<>();
        ScanRequest request = ScanRequest.builder().tableName(table).consistentRead(true)
                .filterExpression("#k = :agent AND #o = :o")
                .expressionAttributeNames(Map.of("#k", KIND, "#o", ORGANIZATION_ID))
                .expressionAttributeValues(Map.of(":agent", AttributeValue.fromS(KIND_AGENT),
                        ":o", AttributeValue.fromS(organizationId)))
                .build();
        dynamo.scanPaginator(request).items().forEach(item -> agents.add(new Stored(toAgent(item),
                item.containsKey(TOKEN_HASH))));
        agents.sort(Comparator.comparing(stored -> stored.agent().id()));
        return agents;
    }

    /**
     * Adds the agent (without a token) or changes the agent of its organization with this id, keeping its token:
     * the admin API's write. An organization keeps an admin: demoting its last {@link Role#ADMIN} agent is refused,
     * and demoting one while another exists is written only if that other one is still an admin of the organization
     * at the same moment (one transaction), so two admins demoting each other cannot both succeed.
     *
     * @return whether anything changed (saving the agent as stored changes nothing)
     * @throws AgentConflictException when the id is an agent's of another organization, or a name another agent's
     * @throws LastAdminException     when the change would leave the organization without an admin
     * @throws IllegalArgumentException when a field is missing or malformed (nothing is written)
     */
    public boolean saveKeepingToken(Agent agent) {
        return write(agent, null, false, true);
    }

    /**
     * Adds a new agent.
     *
     * @throws AgentConflictException when the id exists, or a name or the token is another agent's
     * @throws IllegalArgumentException when a field is missing or malformed (nothing is written)
     */
    public void create(Agent agent, String tokenHash) {
        validate(agent, tokenHash);
        write(agent, tokenHash, true, false);
    }

    /**
     * Adds the agent, or replaces the agent with this id: its fields, token hash and names (names it no longer has
     * are released). Loading the same agent twice changes nothing.
     *
     * @throws AgentConflictException when a name or the token is another agent's
     * @throws IllegalArgumentException when a field is missing or malformed (nothing is written)
     */
    public void save(Agent agent, String tokenHash) {
        validate(agent, tokenHash);
        write(agent, tokenHash, false, false);
    }

    /** Removes the agent and its names; {@code false} if there was no such agent. */
    public boolean remove(String agentId) {
        return remove(agentId, null);
    }

    /**
     * Removes the agent of {@code organizationId} (any organization's when {@code null}) and its names; an
     * organization's agent also keeps its organization an admin, as {@link #saveKeepingToken}.
     *
     * @return {@code false} if there was no such agent (in that organization): nothing is written
     * @throws LastAdminException when it is the organization's last admin
     */
    public boolean remove(String agentId, String organizationId) {
        Map<String, AttributeValue> existing = getItem(agentId);
        if (existing == null || !KIND_AGENT.equals(string(existing, KIND))
                || organizationId != null && !organizationId.equals(string(existing, ORGANIZATION_ID))) {
            return false;
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        if (organizationId != null) {
            keepAnAdmin(toAgent(existing), null).ifPresent(writes::add);
        }
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
        return rotateToken(agentId, tokenHash, null);
    }

    /**
     * Replaces the token hash of the agent of {@code organizationId} (any organization's when {@code null}); the
     * old token stops working at the next request.
     *
     * @return {@code false} if there is no such agent (in that organization): nothing is written
     * @throws AgentConflictException when another agent has this token
     */
    public boolean rotateToken(String agentId, String tokenHash, String organizationId) {
        requireHash(tokenHash);
        requireTokenUnused(tokenHash, agentId);
        return updateToken(agentId, "SET #h = :h ADD #v :one", tokenHash, organizationId);
    }

    /**
     * Removes the token of the agent of {@code organizationId} (any organization's when {@code null}): it stops
     * working at the next request; the agent may still sign in. Revoking a revoked token changes nothing more.
     *
     * @return {@code false} if there is no such agent (in that organization): nothing is written
     */
    public boolean revokeToken(String agentId, String organizationId) {
        return updateToken(agentId, "REMOVE #h ADD #v :one", null, organizationId);
    }

    private boolean updateToken(String agentId, String update, String tokenHash, String organizationId) {
        Map<String, String> names = new HashMap<>(Map.of("#h", TOKEN_HASH, "#v", VERSION, "#k", KIND));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":one", AttributeValue.fromN("1"),
                ":agent", AttributeValue.fromS(KIND_AGENT)));
        String condition = "#k = :agent";
        if (tokenHash != null) {
            values.put(":h", AttributeValue.fromS(tokenHash));
        }
        if (organizationId != null) {
            condition += " AND #o = :o";
            names.put("#o", ORGANIZATION_ID);
            values.put(":o", AttributeValue.fromS(organizationId));
        }
        String finalCondition = condition;
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(AGENT_ID, AttributeValue.fromS(agentId)))
                    .updateExpression(update)
                    .conditionExpression(finalCondition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * When {@code existing} is its organization's admin and is removed ({@code changed} {@code null}) or loses the
     * role: a check, for the same transaction, that another agent is the organization's admin.
     *
     * @throws LastAdminException when no other agent is
     */
    private Optional<TransactWriteItem> keepAnAdmin(Agent existing, Agent changed) {
        if (existing.role() != Role.ADMIN || changed != null && changed.role() == Role.ADMIN) {
            return Optional.empty();
        }
        String organization = existing.organizationId();
        Agent other = list(organization).stream().map(Stored::agent)
                .filter(agent -> agent.role() == Role.ADMIN && !agent.id().equals(existing.id()))
                .findFirst().orElseThrow(() -> new LastAdminException("agent " + existing.id()
                        + " is the last admin of organization " + organization + "; make another agent admin first"));
        return Optional.of(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                .key(Map.of(AGENT_ID, AttributeValue.fromS(other.id())))
                .conditionExpression("#k = :agent AND #r = :admin AND #o = :o")
                .expressionAttributeNames(Map.of("#k", KIND, "#r", ROLE, "#o", ORGANIZATION_ID))
                .expressionAttributeValues(Map.of(":agent", AttributeValue.fromS(KIND_AGENT),
                        ":admin", AttributeValue.fromS(Role.ADMIN.wire()), ":o", AttributeValue.fromS(organization)))
                .build()).build());
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
        validate(agent);
        requireHash(tokenHash);
    }

    /**
     * Checks an agent's fields before anything is written.
     *
     * @throws IllegalArgumentException naming the first field that is missing or malformed
     */
    public static void validate(Agent agent) {
        requireValue("id", agent.id());
        if (agent.id().contains("#")) {
            throw new IllegalArgumentException("id must not contain '#'");
        }
        requireValue("login", agent.login());
        requireValue("organizationId", agent.organizationId());
        if (agent.email() != null) {
            requireValue("email", agent.email());
        }
        if (agent.displayName() != null) {
            requireValue("name", agent.displayName());
        }
        if (agent.phones().size() > MAX_PHONES) {
            throw new IllegalArgumentException("an agent has at most " + MAX_PHONES + " phone numbers");
        }
        for (String phone : agent.phones()) {
            requireValue("phone", phone);
        }
    }

    /**
     * Writes the agent with {@code tokenHash}; with {@code keepToken} (the admin API) with the token it has (none
     * for a new agent), only within its organization, keeping the organization an admin.
     */
    private boolean write(Agent agent, String tokenHash, boolean mustBeNew, boolean keepToken) {
        validate(agent);
        Map<String, AttributeValue> existing = getItem(agent.id());
        if (existing != null && mustBeNew) {
            throw new AgentConflictException("agent " + agent.id() + " exists already");
        }
        Optional<TransactWriteItem> adminCheck = Optional.empty();
        if (keepToken) {
            tokenHash = existing == null ? null : string(existing, TOKEN_HASH);
            if (existing != null && !agent.organizationId().equals(string(existing, ORGANIZATION_ID))) {
                throw new AgentConflictException("the id " + agent.id() + " is already used by another agent",
                        "the id " + agent.id() + " is already used by another agent");
            }
            if (existing != null) {
                adminCheck = keepAnAdmin(toAgent(existing), agent);
            }
        }
        if (existing != null && toAgent(existing).equals(agent)
                && java.util.Objects.equals(tokenHash, string(existing, TOKEN_HASH))) {
            return false;
        }
        if (tokenHash != null) {
            requireTokenUnused(tokenHash, agent.id());
        }
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
        if (agent.displayName() != null) {
            item.put(DISPLAY_NAME, AttributeValue.fromS(agent.displayName()));
        }
        if (!agent.phones().isEmpty()) {
            item.put(PHONES, AttributeValue.fromSs(List.copyOf(agent.phones())));
        }
        item.put(ORGANIZATION_ID, AttributeValue.fromS(agent.organizationId()));
        if (agent.role() != Role.AGENT) {
            item.put(ROLE, AttributeValue.fromS(agent.role().wire()));
        }
        if (tokenHash != null) {
            item.put(TOKEN_HASH, AttributeValue.fromS(tokenHash));
        }
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
        adminCheck.ifPresent(check -> {
            writes.add(check);
            what.add(null);
        });
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
                    throw new AgentConflictException(what.get(i) + " is already used by agent " + holder,
                            what.get(i) + " is already used by another agent");
                }
            }
            throw new AgentConflictException(mustBeNew ? "agent " + agent.id() + " exists already"
                    : "agent " + agent.id() + " was changed at the same time; try again");
        }
        return true;
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
            throw new AgentConflictException("the token is already used by agent " + holders.iterator().next(),
                    "the token is already used by another agent");
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
                string(item, ORGANIZATION_ID), Role.named(string(item, ROLE)).orElse(Role.AGENT),
                string(item, DISPLAY_NAME));
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
        private final String withoutHolder;

        public AgentConflictException(String message) {
            this(message, message);
        }

        /** @param withoutHolder the message without the other agent's id, for an organization's admin */
        public AgentConflictException(String message, String withoutHolder) {
            super(message, null, false, false);
            this.withoutHolder = withoutHolder;
        }

        /** The message without the id of the agent that holds the name (which may be another organization's). */
        public String withoutHolder() {
            return withoutHolder;
        }
    }

    /** The change would leave an organization without an admin agent; nothing was written. */
    public static final class LastAdminException extends RuntimeException {
        public LastAdminException(String message) {
            super(message, null, false, false);
        }
    }
}
