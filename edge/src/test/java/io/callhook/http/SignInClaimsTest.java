// Unit tests (pure): which verified claims name the agent, the organization and the role.
package io.callhook.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.callhook.agent.Role;
import io.callhook.config.Environment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignInClaimsTest {

    @Test
    void byDefaultTheEmailNamesTheAgentAndTheAgentsTableGivesOrganizationAndRole() {
        SignInClaims.Identity identity = SignInClaims.defaults().identify(Map.of("email", "jdoe@example.com",
                "sub", "abc", "custom:organization", "org-b", "cognito:groups", "[admin]"));
        assertEquals(new SignInClaims.Identity("email", "jdoe@example.com", true, null, null), identity);
    }

    @Test
    void configuredClaimsGiveOrganizationAndTheHighestRole() {
        SignInClaims claims = SignInClaims.fromEnvironment(Environment.of(Map.of("OIDC_AGENT_CLAIM", "sub",
                "OIDC_ORGANIZATION_CLAIM", "tid", "OIDC_ROLE_CLAIM", "groups",
                "OIDC_ROLE_VALUES", "0b6a-11:admin,callhook-supervisors:supervisor")));
        SignInClaims.Identity identity = claims.identify(Map.of("sub", "a1", "tid", "org-a",
                "groups", "[callhook-supervisors other 0b6a-11]"));
        assertEquals(new SignInClaims.Identity("sub", "a1", false, "org-a", Role.ADMIN), identity);
        assertEquals(Role.SUPERVISOR, claims.identify(Map.of("sub", "a1", "tid", "org-a",
                "groups", "[\"callhook-supervisors\",\"x\"]")).role());
        // a configured role claim that is missing, or names no role, makes the person an agent
        assertEquals(Role.AGENT, claims.identify(Map.of("sub", "a1", "tid", "org-a")).role());
        assertEquals(Role.AGENT, claims.identify(Map.of("sub", "a1", "tid", "org-a", "groups", "[admins]")).role());
        assertEquals(Role.SUPERVISOR, claims.identify(Map.of("sub", "a1", "tid", "org-a", "groups",
                "Supervisor")).role());
    }

    @Test
    void aMissingAgentOrOrganizationClaimOrAnUnverifiedEmailIsRefusedWith403() {
        SignInClaims claims = new SignInClaims("email", "tid", null, Map.of());
        assertEquals(403, assertThrows(HttpError.class, () -> claims.identify(Map.of("sub", "x"))).status());
        HttpError noOrganization = assertThrows(HttpError.class,
                () -> claims.identify(Map.of("email", "a@example.com")));
        assertEquals(403, noOrganization.status());
        assertEquals("the sign-in token has no tid claim", noOrganization.getMessage());
        assertEquals(403, assertThrows(HttpError.class, () -> claims.identify(Map.of("email", "a@example.com",
                "tid", "t", "email_verified", "false"))).status());
        assertEquals("a@example.com", claims.identify(Map.of("email", "a@example.com", "tid", "t",
                "email_verified", "true")).value());
    }

    @Test
    void claimValuesAreReadAsApiGatewayHandsThemOver() {
        assertEquals(List.of("a", "b", "c"), SignInClaims.values("[a b c]"));
        assertEquals(List.of("a", "b"), SignInClaims.values("[\"a\",\"b\"]"));
        assertEquals(List.of("admin"), SignInClaims.values("admin"));
        assertEquals(List.of(), SignInClaims.values(null));
        assertEquals(List.of(), SignInClaims.values("[]"));
    }

    @Test
    void roleValuesMustNameARole() {
        assertEquals(Map.of("urn:x:admins", Role.ADMIN), SignInClaims.roleValues("urn:x:admins:admin"));
        assertThrows(IllegalStateException.class, () -> SignInClaims.roleValues("admins:owner"));
        assertThrows(IllegalStateException.class, () -> SignInClaims.roleValues("admins"));
    }
}
