package io.callhook.agentapi;

import io.callhook.agent.Agent;
import io.callhook.agent.Role;
import io.callhook.auth.TokenHashes;
import io.callhook.auth.TokenStrength;
import io.callhook.store.DynamoAgentDirectory;
import java.util.Collection;
import java.util.Optional;

/**
 * Changes to the agents table with the checks every way of making them applies: the command line ({@link AgentsCli})
 * and the admin API's agent routes ({@link AgentAdmin}) both go through here. Tokens are generated here (or checked
 * for strength when given), handed back once and stored only as their SHA-256 hashes.
 */
final class AgentManagement {

    private final DynamoAgentDirectory directory;

    AgentManagement(DynamoAgentDirectory directory) {
        this.directory = directory;
    }

    DynamoAgentDirectory directory() {
        return directory;
    }

    /**
     * The role {@code value} names.
     *
     * @param field what the value was given as ({@code --role}, {@code role}), for the message
     * @throws IllegalArgumentException when it names none
     */
    static Role role(String value, String field) {
        return Role.named(value).orElseThrow(() ->
                new IllegalArgumentException(field + " must be agent, supervisor or admin"));
    }

    /**
     * An agent with these fields, checked ({@link DynamoAgentDirectory#validate(Agent)}).
     *
     * @throws IllegalArgumentException naming the first field that is missing or malformed
     */
    static Agent agent(String id, String login, String email, Collection<String> phones, String organization,
                       Role role, String name) {
        Agent agent = new Agent(id, login, email, phones == null ? null : java.util.Set.copyOf(phones),
                organization, role, name);
        DynamoAgentDirectory.validate(agent);
        return agent;
    }

    /**
     * Adds a new agent with {@code token}, or with a generated one when it is {@code null}.
     *
     * @param field what the token was given as, for the message when it is too weak
     * @return the generated token (to be shown once), {@code null} when one was given
     */
    String create(Agent agent, String token, String field) {
        String given = token == null ? null : TokenStrength.require(field, token);
        String generated = given == null ? newToken() : null;
        directory.create(agent, TokenHashes.hashOf(given == null ? generated : given));
        return generated;
    }

    /**
     * Adds the agent without a token, or changes the one of its organization with this id, keeping its token and
     * its organization an admin ({@link DynamoAgentDirectory#saveKeepingToken}).
     */
    boolean save(Agent agent) {
        return directory.saveKeepingToken(agent);
    }

    /**
     * Gives the agent of {@code organization} ({@code null}: of any) a new token, {@code token} or a generated one;
     * the old one stops working at the next request.
     *
     * @return the new token (to be shown once), empty when there is no such agent (nothing is written)
     */
    Optional<String> issueToken(String agentId, String organization, String token, String field) {
        String issued = token == null ? newToken() : TokenStrength.require(field, token);
        return directory.rotateToken(agentId, TokenHashes.hashOf(issued), organization)
                ? Optional.of(issued) : Optional.empty();
    }

    /** Removes the token of the agent of {@code organization}; {@code false} when there is no such agent. */
    boolean revokeToken(String agentId, String organization) {
        return directory.revokeToken(agentId, organization);
    }

    /**
     * Removes the agent of {@code organization} ({@code null}: of any, without the last-admin check); {@code false}
     * when there is no such agent.
     */
    boolean remove(String agentId, String organization) {
        return directory.remove(agentId, organization);
    }

    /** A token nobody can guess ({@link TokenStrength#generate()}). */
    static String newToken() {
        return TokenStrength.generate();
    }
}
