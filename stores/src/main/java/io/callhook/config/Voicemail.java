package io.callhook.config;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Which answering numbers mean voicemail: a call they pick up still counts as missed (Zammad's rule). */
public final class Voicemail {

    /** Comma-separated answering numbers; default {@code voicemail}. */
    public static final String VARIABLE = "VOICEMAIL_IDENTITIES";

    private Voicemail() {
    }

    public static Set<String> identities(Environment env) {
        return Arrays.stream(env.optional(VARIABLE, "voicemail").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The identity an adapter gives a call a machine answered (answering-machine detection): the first configured
     * one, so such calls count as missed whatever the list holds.
     */
    public static String primary(Environment env) {
        return Arrays.stream(env.optional(VARIABLE, "voicemail").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).findFirst().orElse("voicemail");
    }
}
