package io.callhook.agent;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Who the agents are. Tokens are only ever handled as their SHA-256 hashes. */
public interface AgentDirectory {

    /** The agent whose token has this hash ({@link io.callhook.auth.TokenHashes#hashOf}), if any. */
    Optional<Agent> byTokenHash(String tokenHash);

    /**
     * The agent of organization {@code organizationId} a PBX names (as Zammad resolves {@code answeringNumber}): by
     * phone number, then login, then id. A name that is an agent's of another organization names nobody here, as a
     * name no agent has; so does any name when {@code organizationId} is {@code null}.
     */
    Optional<Agent> resolve(String name, String organizationId);

    /**
     * The agent with this name (id, login, e-mail or phone) in any organization: names are unique across the
     * directory. For a sign-in whose organization the directory decides; never for a name a PBX or client sent.
     */
    default Optional<Agent> resolve(String name) {
        throw new UnsupportedOperationException("this directory resolves names within an organization only");
    }

    /**
     * {@link #resolve(String, String)} for several names at once: the agents of {@code organizationId} they name,
     * by name; names of nobody there are left out.
     */
    default Map<String, Agent> resolveAll(Collection<String> names, String organizationId) {
        Map<String, Agent> agents = new LinkedHashMap<>();
        for (String name : names) {
            resolve(name, organizationId).ifPresent(agent -> agents.put(name, agent));
        }
        return agents;
    }
}
