package io.callhook.routing;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One integration's call routing, as Zammad's CTI integration has it: callers to reject (numbers and prefixes, each
 * with a note) and the caller id outbound calls present, by destination prefix (the longest matching prefix wins)
 * with a default. Every number here is in {@link PhoneNumbers}' normal form. Pure: no I/O.
 *
 * @param integration     the webhook integration (token name) these rules belong to
 * @param blocked         block-list entries (a number, or a prefix ending in {@code *}) and their notes
 * @param callerIds       destination prefix to caller id
 * @param defaultCallerId the caller id of outbound calls no prefix matches, or {@code null}
 */
public record RoutingRules(String integration, Map<String, String> blocked, Map<String, String> callerIds,
                           String defaultCallerId) {

    public RoutingRules {
        Objects.requireNonNull(integration, "integration");
        blocked = Map.copyOf(blocked == null ? Map.of() : blocked);
        callerIds = Map.copyOf(callerIds == null ? Map.of() : callerIds);
    }

    /** No rules: nobody is blocked, outbound calls keep their caller id. */
    public static RoutingRules none(String integration) {
        return new RoutingRules(integration, Map.of(), Map.of(), null);
    }

    /** A block-list entry that matched a caller: the entry as stored and its note. */
    public record Block(String entry, String note) {
    }

    /**
     * The block-list entry that refuses this caller: the number itself, else its longest listed prefix; empty when
     * the caller may call (or {@code from} is not a phone number).
     */
    public Optional<Block> blockFor(String from) {
        String number = PhoneNumbers.normalise(from);
        if (number == null || blocked.isEmpty()) {
            return Optional.empty();
        }
        if (blocked.containsKey(number)) {
            return Optional.of(new Block(number, blocked.get(number)));
        }
        for (int length = number.length(); length > 0; length--) {
            String prefix = number.substring(0, length) + "*";
            if (blocked.containsKey(prefix)) {
                return Optional.of(new Block(prefix, blocked.get(prefix)));
            }
        }
        return Optional.empty();
    }

    /**
     * The caller id an outbound call to {@code to} presents: the rule of the longest prefix of the destination, else
     * the default; empty when neither applies.
     */
    public Optional<String> callerIdFor(String to) {
        String number = PhoneNumbers.normalise(to);
        if (number != null && !number.equals(PhoneNumbers.ANONYMOUS)) {
            for (int length = number.length(); length > 0; length--) {
                String callerId = callerIds.get(number.substring(0, length));
                if (callerId != null) {
                    return Optional.of(callerId);
                }
            }
        }
        return Optional.ofNullable(defaultCallerId);
    }
}
