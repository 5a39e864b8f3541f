package io.callhook.call;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Everything the missed-call rules need besides the call: which answering numbers mean voicemail, and each line's
 * {@link LineSettings}. Rules are looked up by the call's (organization, line) pair only: the organization's own rules
 * for that line, then the rules every organization's line of that name has, then the fallback. A line's name is
 * compared whole, never split, so no organization's line can be taken for another organization's.
 *
 * @param voicemailIdentities answering numbers that mean voicemail
 * @param lines               rules of a line in every organization, by line name
 * @param organizationLines   rules of one organization's line: organization, then line name
 * @param fallback            the rules of every line not named
 */
public record MissSettings(Set<String> voicemailIdentities, Map<String, LineSettings> lines,
                        Map<String, Map<String, LineSettings>> organizationLines, LineSettings fallback) {

    public MissSettings {
        voicemailIdentities = Set.copyOf(voicemailIdentities);
        lines = Map.copyOf(lines);
        Map<String, Map<String, LineSettings>> copy = new HashMap<>();
        organizationLines.forEach((organization, byLine) -> copy.put(organization, Map.copyOf(byLine)));
        organizationLines = Map.copyOf(copy);
    }

    /** Rules that name lines for every organization only. */
    public MissSettings(Set<String> voicemailIdentities, Map<String, LineSettings> lines, LineSettings fallback) {
        this(voicemailIdentities, lines, Map.of(), fallback);
    }

    /** Only voicemail identities; every line has {@link LineSettings#DEFAULT}. */
    public static MissSettings of(Set<String> voicemailIdentities) {
        return new MissSettings(voicemailIdentities, Map.of(), LineSettings.DEFAULT);
    }

    /** The rules of the call's line: its organization's for that line, else every organization's, else fallback. */
    public LineSettings forCall(CallRecord call) {
        String line = call.line();
        if (line == null) {
            return fallback;
        }
        LineSettings own = organizationLines.getOrDefault(call.organizationId(), Map.of()).get(line);
        return own != null ? own : lines.getOrDefault(line, fallback);
    }
}
