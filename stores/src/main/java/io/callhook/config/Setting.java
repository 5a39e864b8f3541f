package io.callhook.config;

/**
 * The per-integration and per-line settings that may live in the config table ({@code ConfigTable}) as well as in
 * their template parameters: everything whose size grows with the integrations, organizations or lines, so none of
 * it has to sit in a function's 4 KB environment. Each setting is a list of entries, or (line rules) one JSON object
 * whose keys are the entries. Secrets callhook must compute with (Twilio auth tokens, CTI signing keys) are not
 * settings: they stay {@code NoEcho} parameters.
 */
public enum Setting {

    /** {@code name:sha256-hex} entries; an entry is its own id (several per integration while rotating). */
    WEBHOOK_TOKEN_HASHES("WebhookTokenHashes", "WEBHOOK_TOKEN_HASHES", Form.LIST),
    /** {@code integration:sha256-hex} of {@code user:password}; an entry is its own id. */
    BANDWIDTH_CREDENTIAL_HASHES("BandwidthCredentialHashes", "BANDWIDTH_CREDENTIAL_HASHES", Form.LIST),
    /** {@code integration:organization}; the integration is the id (one organization each). */
    INTEGRATION_ORGANIZATIONS("IntegrationOrganizations", "INTEGRATION_ORGANIZATIONS", Form.LIST),
    /** {@code organization:sha256-hex}; an entry is its own id. */
    ORGANIZATION_ADMIN_TOKEN_HASHES("OrganizationAdminTokenHashes", "ORGANIZATION_ADMIN_TOKEN_HASHES", Form.LIST),
    /**
     * {@code organization:count}, the organization's index shard count (default: {@code IndexShards}); the
     * organization is the id. No template parameter seeds it.
     */
    ORGANIZATION_SHARDS("OrganizationShards", null, Form.LIST),
    /** A JSON object of line rules; a key ({@code support}, {@code org-a/desk}, {@code *}) is the id. */
    LINE_RULES("LineRules", "LINE_RULES", Form.JSON_OBJECT),
    /**
     * Each organization's settings, a JSON object per organization ({@code {"timeZone": "Europe/Berlin",
     * "defaultRegion": "DE"}}); the organization is the id.
     */
    ORGANIZATION_SETTINGS("OrganizationSettings", "ORGANIZATION_SETTINGS", Form.JSON_OBJECT),
    /**
     * Days each kind of data is kept, a JSON object; an organization or {@code organization/integration} is the id
     * ({@link RetentionPolicy}).
     */
    RETENTION("Retention", "RETENTION", Form.JSON_OBJECT),
    /**
     * Erasure tombstones, {@code organization:sha256:epoch-ms:country-code}
     * ({@code io.callhook.privacy.ErasedNumbers}); written by erasure jobs, never a template parameter; an entry is
     * its own id.
     */
    ERASED_NUMBERS("ErasedNumbers", "ERASED_NUMBERS", Form.LIST);

    /** How a setting's value is written. */
    public enum Form {
        /** Comma-separated entries. */
        LIST,
        /** One JSON object; each key and its value is an entry. */
        JSON_OBJECT
    }

    private final String parameter;
    private final String variable;
    private final Form form;

    Setting(String parameter, String variable, Form form) {
        this.parameter = parameter;
        this.variable = variable;
        this.form = form;
    }

    /**
     * The template parameter (the seed; {@link #ORGANIZATION_SHARDS} and {@link #ERASED_NUMBERS} have none), and
     * the setting's name in the config table and the CLI.
     */
    public String parameter() {
        return parameter;
    }

    /** The environment variable the parameter reaches the functions through; {@code null} without a parameter. */
    public String variable() {
        return variable;
    }

    public Form form() {
        return form;
    }

    /**
     * Whether a template parameter seeds the setting ({@link #ORGANIZATION_SHARDS} and {@link #ERASED_NUMBERS} live
     * in the table only).
     */
    public boolean seeded() {
        return this != ERASED_NUMBERS && this != ORGANIZATION_SHARDS;
    }

    /**
     * The id of a list entry: what makes two entries the same one, so a table entry replaces the seed's. The
     * integration for {@link #INTEGRATION_ORGANIZATIONS}, the organization for {@link #ORGANIZATION_SHARDS}, else
     * the whole entry without blanks around its colon.
     */
    public String idOf(String entry) {
        String trimmed = entry.trim();
        int colon = trimmed.indexOf(':');
        if (this == INTEGRATION_ORGANIZATIONS || this == ORGANIZATION_SHARDS) {
            return colon < 0 ? trimmed : trimmed.substring(0, colon).trim();
        }
        int last = trimmed.lastIndexOf(':');
        // a hash's hex digits in either case are the same hash, so the same entry
        return last < 0 ? trimmed : trimmed.substring(0, last).trim() + ":"
                + trimmed.substring(last + 1).trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** The setting a parameter name stands for. */
    public static Setting ofParameter(String parameter) {
        for (Setting setting : values()) {
            if (setting.parameter.equals(parameter)) {
                return setting;
            }
        }
        throw new IllegalArgumentException("no setting " + parameter + "; settings: WebhookTokenHashes,"
                + " BandwidthCredentialHashes, IntegrationOrganizations, OrganizationAdminTokenHashes,"
                + " OrganizationShards, LineRules, OrganizationSettings, Retention, ErasedNumbers");
    }
}
