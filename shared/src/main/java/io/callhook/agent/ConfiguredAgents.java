package io.callhook.agent;

import io.callhook.auth.TokenHashes;
import io.callhook.config.Environment;
import java.util.Optional;
import java.util.Set;

/**
 * Agents named in configuration: {@code AGENT_TOKEN_HASHES} holds {@code agentId:sha256-hex} entries, like webhook
 * tokens. Each agent is known by its id only.
 */
public final class ConfiguredAgents implements AgentDirectory {

    public static final String VARIABLE = "AGENT_TOKEN_HASHES";

    private final TokenHashes hashes;

    public ConfiguredAgents(TokenHashes hashes) {
        this.hashes = hashes;
    }

    public static ConfiguredAgents fromEnvironment(Environment env) {
        return new ConfiguredAgents(TokenHashes.parse(env.require(VARIABLE)));
    }

    @Override
    public Optional<Agent> byTokenHash(String tokenHash) {
        return hashes.nameOfHash(tokenHash).map(id -> new Agent(id, id, null, Set.of(), null));
    }

    @Override
    public Optional<Agent> resolve(String name) {
        return Optional.empty();
    }
}
