package io.callhook.store;

import com.fasterxml.jackson.jr.ob.JSON;
import io.callhook.agent.Agent;
import io.callhook.agent.Role;
import io.callhook.auth.TokenHashes;
import io.callhook.auth.TokenStrength;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A file of agents for the local stack and for bulk loading: a JSON array of objects
 * <pre>
 * [{"id": "a1", "login": "jdoe", "email": "jdoe@example.com", "phones": ["+4930123456"],
 *   "organizationId": "1", "name": "Jane Doe", "token": "local-agent-token-4d7Qx9Lm2Rb8"}]
 * </pre>
 * {@code email}, {@code phones}, {@code role} ({@code agent}, the default, {@code supervisor} or {@code admin}) and
 * {@code name} (the display name) may be left out. Each agent has either
 * {@code token} (hashed on loading, never stored) or {@code tokenHash} (its SHA-256, 64 hex digits), so a file
 * without secrets can be committed. A token must be able to carry 128 bits of randomness ({@link TokenStrength}).
 *
 * <p>The whole file is checked before anything is written: an unknown field, a missing one, the same id twice or
 * one name (id, login, e-mail, phone) for two agents refuses the file, with the entry and field named.
 */
public final class AgentsFile {

    private static final Set<String> FIELDS = Set.of("id", "login", "email", "phones", "organizationId", "role",
            "name", "token", "tokenHash");

    /** One agent of the file and the hash of its token. */
    public record Entry(Agent agent, String tokenHash) {
    }

    private AgentsFile() {
    }

    /**
     * Reads, checks and saves every agent of the file ({@link DynamoAgentDirectory#save}: added, or replaced if the
     * id exists). Loading the same file again changes nothing.
     *
     * @return the ids loaded, in file order
     * @throws IllegalArgumentException when the file is not a valid agents file; nothing is written then
     * @throws DynamoAgentDirectory.AgentConflictException when an agent's name belongs to an agent not in the file;
     *                                                     the agents before it in the file are saved
     */
    public static List<String> load(Path file, DynamoAgentDirectory directory) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read agents file " + file + ": " + e.getMessage(), e);
        }
        List<Entry> entries = parse(text);
        List<String> ids = new ArrayList<>();
        for (Entry entry : entries) {
            directory.save(entry.agent(), entry.tokenHash());
            ids.add(entry.agent().id());
        }
        return ids;
    }

    /**
     * Reads and checks an agents file's text.
     *
     * @throws IllegalArgumentException naming the entry (1-based) and the problem
     */
    public static List<Entry> parse(String text) {
        Object document;
        try {
            document = JSON.std.anyFrom(text);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("agents file is not valid JSON");
        }
        if (!(document instanceof List<?> list)) {
            throw new IllegalArgumentException("agents file must be a JSON array of agent objects");
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, String> nameHolders = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "agent " + (i + 1);
            if (!(list.get(i) instanceof Map<?, ?> object)) {
                throw new IllegalArgumentException(where + " is not a JSON object");
            }
            for (Object field : object.keySet()) {
                if (!FIELDS.contains(String.valueOf(field))) {
                    throw new IllegalArgumentException(where + " has an unknown field \"" + field
                            + "\"; fields are " + String.join(", ", List.of("id", "login", "email", "phones",
                            "organizationId", "role", "name", "token", "tokenHash")));
                }
            }
            Entry entry = entry(where, object);
            for (String name : DynamoAgentDirectory.names(entry.agent()).keySet()) {
                String holder = nameHolders.putIfAbsent(name, entry.agent().id());
                if (holder != null) {
                    throw new IllegalArgumentException(holder.equals(entry.agent().id())
                            ? where + ": id " + holder + " appears twice"
                            : where + ": " + name + " is already a name of agent " + holder);
                }
            }
            entries.add(entry);
        }
        return entries;
    }

    private static Entry entry(String where, Map<?, ?> object) {
        Object token = object.get("token");
        Object tokenHash = object.get("tokenHash");
        if ((token == null) == (tokenHash == null)) {
            throw new IllegalArgumentException(where + " needs exactly one of token or tokenHash");
        }
        String hash;
        if (token != null) {
            if (!(token instanceof String text) || text.isBlank()) {
                throw new IllegalArgumentException(where + ": token must be a non-empty string");
            }
            hash = TokenHashes.hashOf(TokenStrength.require(where + ": token", text));
        } else {
            hash = tokenHash instanceof String text ? text.toLowerCase() : null;
        }
        Set<String> phones = new LinkedHashSet<>();
        Object phoneList = object.get("phones");
        if (phoneList != null) {
            if (!(phoneList instanceof List<?> values)) {
                throw new IllegalArgumentException(where + ": phones must be an array of strings");
            }
            for (Object phone : values) {
                if (!(phone instanceof String text)) {
                    throw new IllegalArgumentException(where + ": phones must be an array of strings");
                }
                phones.add(text);
            }
        }
        String roleName = text(where, object, "role");
        Role role = roleName == null ? Role.AGENT : Role.named(roleName).orElseThrow(() ->
                new IllegalArgumentException(where + ": role must be agent, supervisor or admin"));
        Agent agent = new Agent(text(where, object, "id"), text(where, object, "login"),
                text(where, object, "email"), phones, text(where, object, "organizationId"), role,
                text(where, object, "name"));
        try {
            DynamoAgentDirectory.validate(agent, hash);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
        return new Entry(agent, hash);
    }

    /** A string field; a number is taken as its decimal text (an organisation id written as 1). */
    private static String text(String where, Map<?, ?> object, String field) {
        Object value = object.get(field);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger) {
            return value.toString();
        }
        throw new IllegalArgumentException(where + ": " + field + " must be a string");
    }
}
