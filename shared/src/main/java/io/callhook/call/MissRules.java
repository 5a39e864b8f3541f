package io.callhook.call;

import java.util.Map;
import java.util.Set;

/**
 * Everything the missed-call rules need besides the call: which answering numbers mean voicemail, and each line's
 * {@link LineRules}. Rules are looked up by {@code <organization>/<line>}, then by {@code <line>}, then the
 * default.
 *
 * @param voicemailIdentities answering numbers that mean voicemail
 * @param lines               rules by {@code <organization>/<line>} or {@code <line>}
 * @param fallback            the rules of every line not named
 */
public record MissRules(Set<String> voicemailIdentities, Map<String, LineRules> lines, LineRules fallback) {

    public MissRules {
        voicemailIdentities = Set.copyOf(voicemailIdentities);
        lines = Map.copyOf(lines);
    }

    /** Only voicemail identities; every line has {@link LineRules#DEFAULT}. */
    public static MissRules of(Set<String> voicemailIdentities) {
        return new MissRules(voicemailIdentities, Map.of(), LineRules.DEFAULT);
    }

    /** The rules of the call's line. */
    public LineRules forCall(CallRecord call) {
        String line = call.line();
        if (line == null) {
            return fallback;
        }
        LineRules rules = lines.get(call.organizationId() + "/" + line);
        return rules != null ? rules : lines.getOrDefault(line, fallback);
    }
}
