package io.callhook.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.agent.Agent;
import io.callhook.agent.Role;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who reads an organization's reports: the supervisor and admin roles, and the agents the parameter names. */
class ReportSettingsTest {

    private final ReportSettings settings = new ReportSettings(Map.of(), Set.of("1/a9"));

    @Test
    void theSupervisorAndAdminRolesReadTheOrganizationsReports() {
        assertTrue(settings.supervises(new Agent("a1", "sup", null, Set.of(), "1", Role.SUPERVISOR)));
        assertTrue(settings.supervises(new Agent("a2", "adm", null, Set.of(), "1", Role.ADMIN)));
        assertFalse(settings.supervises(new Agent("a3", "jdoe", null, Set.of(), "1", Role.AGENT)));
    }

    @Test
    void anAgentTheParameterNamesReadsThemInItsOwnOrganizationOnly() {
        assertTrue(settings.supervises(new Agent("a9", "lead", null, Set.of(), "1")));
        assertFalse(settings.supervises(new Agent("a9", "lead", null, Set.of(), "2")));
    }
}
