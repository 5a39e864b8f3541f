package io.callhook.agent;

import java.util.Locale;
import java.util.Optional;

/**
 * What a signed-in person may do, each role including the ones before it: an {@link #AGENT} works their calls and
 * the caller log; a {@link #SUPERVISOR} also sees the organization's reports and every agent's claims; an
 * {@link #ADMIN} also changes the organization's routing, contacts and agents. Never more than one organization.
 */
public enum Role {
    AGENT, SUPERVISOR, ADMIN;

    /** The role's name in JSON, claims and the agents table: {@code agent}, {@code supervisor}, {@code admin}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this role includes {@code other}'s rights. */
    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    /** The role named {@code value} ({@link #wire}, any case), if it names one. */
    public static Optional<Role> named(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (Role role : values()) {
            if (role.wire().equalsIgnoreCase(value.strip())) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
