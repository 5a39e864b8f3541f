package io.callhook.agent;

import java.util.Set;

/**
 * A person who answers calls: who they are, the numbers that ring them, their organisation and their role in it.
 *
 * @param id             the agent's id, stable
 * @param login          the agent's login name
 * @param email          the agent's e-mail address, may be {@code null}
 * @param phones         numbers (or extensions) that ring the agent
 * @param organizationId the organisation the agent works for
 * @param role           what the agent may do there; {@code null} is {@link Role#AGENT}
 * @param displayName    the name people see ("Emma Taylor"), may be {@code null}
 */
public record Agent(String id, String login, String email, Set<String> phones, String organizationId, Role role,
                    String displayName) {

    public Agent {
        phones = phones == null ? Set.of() : Set.copyOf(phones);
        role = role == null ? Role.AGENT : role;
    }

    /** An agent with the {@link Role#AGENT} role and no display name. */
    public Agent(String id, String login, String email, Set<String> phones, String organizationId) {
        this(id, login, email, phones, organizationId, Role.AGENT, null);
    }

    /** An agent with this role and no display name. */
    public Agent(String id, String login, String email, Set<String> phones, String organizationId, Role role) {
        this(id, login, email, phones, organizationId, role, null);
    }

    /** An agent with the {@link Role#AGENT} role and this display name. */
    public Agent(String id, String login, String email, Set<String> phones, String organizationId,
                 String displayName) {
        this(id, login, email, phones, organizationId, Role.AGENT, displayName);
    }

    /** This agent with another role (a sign-in's role claim). */
    public Agent withRole(Role other) {
        return new Agent(id, login, email, phones, organizationId, other, displayName);
    }

    /** The name to show for this agent: its display name, or its login when it has none. Never {@code null}. */
    public String name() {
        return displayName != null ? displayName : login;
    }

    /** The values a PBX may name this agent by in {@code answeringNumber} or {@code user}, most specific first. */
    public Set<String> identities() {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(phones);
        all.add(login);
        all.add(id);
        if (email != null) {
            all.add(email);
        }
        return all;
    }
}
