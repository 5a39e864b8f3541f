package io.callhook.auth;

import java.util.ArrayList;
import java.util.List;

/** The non-blank entries of a comma-separated configuration value, trimmed, with their 1-based positions. */
final class ConfigEntries {

    /** One entry: its position in the list (for messages that must not repeat a secret) and its text. */
    record Entry(int position, String text) {
    }

    private ConfigEntries() {
    }

    static List<Entry> of(String configuration) {
        List<Entry> entries = new ArrayList<>();
        if (configuration == null) {
            return entries;
        }
        String[] parts = configuration.split(",");
        for (int i = 0; i < parts.length; i++) {
            String text = parts[i].trim();
            if (!text.isEmpty()) {
                entries.add(new Entry(i + 1, text));
            }
        }
        return entries;
    }
}
