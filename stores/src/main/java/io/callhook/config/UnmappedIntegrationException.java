package io.callhook.config;

/**
 * A configuration error: {@value Organizations#MAPPING_VARIABLE} lists integrations, but not this one, so its calls
 * belong to no organization. The message names the integration and the fix; it holds no secret.
 */
public final class UnmappedIntegrationException extends IllegalStateException {

    private final String integration;

    public UnmappedIntegrationException(String integration) {
        super("integration " + integration + " belongs to no organization: IntegrationOrganizations lists other"
                + " integrations but not this one; add " + integration + ":<organization> to it");
        this.integration = integration;
    }

    /** The integration that has no organization. */
    public String integration() {
        return integration;
    }
}
