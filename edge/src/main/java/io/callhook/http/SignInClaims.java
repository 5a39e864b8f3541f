package io.callhook.http;

import io.callhook.agent.Role;
import io.callhook.config.Environment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which claims of a verified sign-in token name the person, their organization and their role (template.yaml's
 * {@code OidcAgentClaim}, {@code OidcOrganizationClaim}, {@code OidcRoleClaim}, {@code OidcRoleValues}). Pure: the
 * claims come from API Gateway's JWT authorizer, which checked the token; nothing here reads the request.
 *
 * @param agentClaim        the claim matched to the agents table: {@code email} to the agent's e-mail, any other
 *                          claim to the agent's id
 * @param organizationClaim the claim that gives the organization, or {@code null}: the agents table gives it
 * @param roleClaim         the claim that gives the role, or {@code null}: the agents table gives it
 * @param roleValues        which values of the role claim mean which role, besides the roles' own names
 */
public record SignInClaims(String agentClaim, String organizationClaim, String roleClaim,
                           Map<String, Role> roleValues) {

    public static final String AGENT_CLAIM_VARIABLE = "OIDC_AGENT_CLAIM";
    public static final String ORGANIZATION_CLAIM_VARIABLE = "OIDC_ORGANIZATION_CLAIM";
    public static final String ROLE_CLAIM_VARIABLE = "OIDC_ROLE_CLAIM";
    public static final String ROLE_VALUES_VARIABLE = "OIDC_ROLE_VALUES";
    public static final String EMAIL = "email";

    /** Who verified claims name. */
    public record Identity(String claim, String value, boolean byEmail, String organizationId, Role role) {
    }

    public SignInClaims {
        agentClaim = blankToNull(agentClaim) == null ? EMAIL : agentClaim.strip();
        organizationClaim = blankToNull(organizationClaim);
        roleClaim = blankToNull(roleClaim);
        roleValues = roleValues == null ? Map.of() : Map.copyOf(roleValues);
    }

    /** The defaults: the agent by {@code email}, organization and role from the agents table. */
    public static SignInClaims defaults() {
        return new SignInClaims(EMAIL, null, null, Map.of());
    }

    /** @throws IllegalStateException when {@value #ROLE_VALUES_VARIABLE} is not {@code value:role} entries */
    public static SignInClaims fromEnvironment(Environment env) {
        return new SignInClaims(env.optional(AGENT_CLAIM_VARIABLE, EMAIL),
                env.optional(ORGANIZATION_CLAIM_VARIABLE, ""), env.optional(ROLE_CLAIM_VARIABLE, ""),
                roleValues(env.optional(ROLE_VALUES_VARIABLE, "")));
    }

    /** {@code value:role} entries, comma-separated; the value may contain colons (the last one separates). */
    static Map<String, Role> roleValues(String text) {
        Map<String, Role> values = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            Optional<Role> role = colon <= 0 ? Optional.empty() : Role.named(entry.substring(colon + 1));
            if (role.isEmpty()) {
                throw new IllegalStateException(ROLE_VALUES_VARIABLE
                        + " must be value:role entries, role agent, supervisor or admin");
            }
            values.put(entry.substring(0, colon).strip(), role.get());
        }
        return values;
    }

    /**
     * Who the claims name: the agent claim's value, the organization when the organization claim is configured
     * ({@code null}: the agents table decides), the role when the role claim is configured ({@code null}: the
     * agents table decides; a token without a value that means a role is an agent's).
     *
     * @throws HttpError 403 when the agent claim or the configured organization claim is missing, or an e-mail
     *                   claim the provider marks unverified ({@code email_verified: false})
     */
    public Identity identify(Map<String, String> claims) {
        String value = blankToNull(claims.get(agentClaim));
        if (value == null) {
            throw HttpError.forbidden("the sign-in token has no " + agentClaim + " claim");
        }
        boolean byEmail = agentClaim.equals(EMAIL);
        if (byEmail && "false".equalsIgnoreCase(String.valueOf(claims.get("email_verified")).strip())) {
            throw HttpError.forbidden("the sign-in provider has not verified this e-mail address");
        }
        String organization = null;
        if (organizationClaim != null) {
            organization = blankToNull(claims.get(organizationClaim));
            if (organization == null) {
                throw HttpError.forbidden("the sign-in token has no " + organizationClaim + " claim");
            }
        }
        Role role = null;
        if (roleClaim != null) {
            role = Role.AGENT;
            for (String item : values(claims.get(roleClaim))) {
                Role named = roleValues.containsKey(item) ? roleValues.get(item) : Role.named(item).orElse(null);
                if (named != null && named.includes(role)) {
                    role = named;
                }
            }
        }
        return new Identity(agentClaim, value, byEmail, organization, role);
    }

    /**
     * A claim's values as API Gateway hands them over: an array claim as {@code [a b c]} (its values joined by
     * spaces), or as JSON {@code ["a","b"]}; a plain string is one value, or space-separated ones (OAuth's
     * {@code scope}).
     */
    static List<String> values(String claim) {
        List<String> values = new ArrayList<>();
        if (claim == null) {
            return values;
        }
        String text = claim.strip();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        for (String item : text.split("[\\s,]+")) {
            String value = item.strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (!value.isEmpty()) {
                values.add(value);
            }
        }
        return values;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
