// Lambda's 4 KB environment: per-integration and per-line settings live in the config table, so the functions'
// environments do not grow with the integrations and lines; the template gives each function only its settings.
package io.callhook.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.auth.TokenHashes;
import io.callhook.config.LiveConfig;
import io.callhook.config.Setting;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConfigTableTemplateTest {

    /** Lambda refuses an environment whose names and values exceed this many bytes. */
    private static final int LAMBDA_LIMIT = 4096;
    /** What a table name CloudFormation generates takes at most here (stack name, logical id, random suffix). */
    private static final int GENERATED_NAME = 64;

    /** The environment's size as Lambda counts it, with every resource name as long as a generated one. */
    private static int size(SamTemplate template, String function) {
        Set<String> resources = template.tables().keySet();
        int bytes = 0;
        for (Map.Entry<String, String> variable : template.function(function).environment().entrySet()) {
            String value = variable.getValue();
            int length = resources.contains(value) ? GENERATED_NAME : value.getBytes(StandardCharsets.UTF_8).length;
            bytes += variable.getKey().getBytes(StandardCharsets.UTF_8).length + length;
        }
        return bytes;
    }

    /** Forty integrations, two token hashes each, an organization each, and forty lines' business hours. */
    private static Map<String, String> fortyIntegrations() {
        List<String> tokens = new ArrayList<>();
        List<String> organizations = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tokens.add("pbx-" + i + ":" + TokenHashes.hashOf("a" + i));
            tokens.add("pbx-" + i + ":" + TokenHashes.hashOf("b" + i));
            organizations.add("pbx-" + i + ":org-" + i);
            lines.add("\"org-" + i + "/+49302312" + i + "\": {\"timeZone\": \"Europe/Berlin\", "
                    + "\"hours\": {\"mon-fri\": [\"08:00-18:00\"]}}");
        }
        return Map.of("WebhookTokenHashes", String.join(",", tokens), "IntegrationOrganizations",
                String.join(",", organizations), "LineRules", "{" + String.join(", ", lines) + "}");
    }

    @Test
    void fortyIntegrationsAndLinesInTheConfigTableLeaveEveryEnvironmentAsSmallAsNone() {
        SamTemplate table = SamTemplate.load(SamTemplate.find());
        SamTemplate parameters = SamTemplate.load(SamTemplate.find(), fortyIntegrations());
        for (String function : List.of("CtiWebhookFunction", "CallerLogFunction")) {
            assertTrue(size(parameters, function) > LAMBDA_LIMIT, function + " would not deploy the old way: "
                    + size(parameters, function) + " bytes");
        }
        // Twilio auth tokens and CTI signing keys stay NoEcho parameters: forty keys of 32 characters still fit.
        Map<String, String> secrets = new HashMap<>();
        secrets.put("CtiSignatureKeys", java.util.stream.IntStream.range(0, 40)
                .mapToObj(i -> "pbx-" + i + ":" + "k".repeat(32)).collect(Collectors.joining(",")));
        SamTemplate withSecrets = SamTemplate.load(SamTemplate.find(), secrets);
        for (SamTemplate.Function function : table.functions()) {
            String id = function.logicalId();
            assertTrue(size(table, id) < LAMBDA_LIMIT / 2, id + ": " + size(table, id) + " bytes");
            assertTrue(size(withSecrets, id) < LAMBDA_LIMIT, id + " with forty signing keys: "
                    + size(withSecrets, id) + " bytes");
            assertEquals("ConfigTable", function.environment().get(LiveConfig.TABLE_VARIABLE), id);
            assertEquals("30", function.environment().get(LiveConfig.CACHE_VARIABLE), id);
        }
    }

    @Test
    void everySettingsParameterIsAnOptionalSeedAndEachFunctionMayReadOnlyItsSettings() {
        SamTemplate template = SamTemplate.load(SamTemplate.find());
        Map<String, Object> parameters = SamTemplate.map(template.raw().get("Parameters"));
        for (Setting setting : Setting.values()) {
            if (!setting.seeded()) {
                assertTrue(!parameters.containsKey(setting.parameter()), setting.parameter() + " is no parameter");
                // IndexShards is every organization's default shard count
                assertTrue(setting != Setting.ORGANIZATION_SHARDS || parameters.containsKey("IndexShards"));
                continue;
            }
            Object fallback = SamTemplate.map(parameters.get(setting.parameter())).get("Default");
            assertTrue("".equals(fallback) || "{}".equals(fallback), setting.parameter() + " needs no value");
        }
        Map<String, List<String>> reads = Map.of(
                // the webhooks read the erasures' tombstones to refuse an erased number's late events
                "CtiWebhookFunction", List.of("WebhookTokenHashes", "IntegrationOrganizations", "OrganizationShards",
                        "Retention", "ErasedNumbers"),
                "TwilioWebhookFunction", List.of("WebhookTokenHashes", "IntegrationOrganizations",
                        "OrganizationShards", "Retention", "ErasedNumbers"),
                "BandwidthWebhookFunction", List.of("WebhookTokenHashes", "BandwidthCredentialHashes",
                        "IntegrationOrganizations", "OrganizationShards", "Retention", "ErasedNumbers"),
                "CallerLogFunction", List.of("LineRules", "IntegrationOrganizations", "OrganizationShards",
                        "OrganizationSettings", "Retention"),
                "StaleCallsFunction", List.of("IntegrationOrganizations", "OrganizationShards"),
                "AgentApiFunction", List.of("OrganizationShards", "OrganizationSettings", "Retention"),
                "AdminApiFunction", List.of("OrganizationAdminTokenHashes", "IntegrationOrganizations",
                        "OrganizationShards", "Retention", "OrganizationSettings"));
        reads.forEach((function, settings) -> assertTrue(template.policyStatements(function)
                .contains(SamTemplate.configRead(settings.toArray(String[]::new))), function));
        String role = String.valueOf(SamTemplate.map(template.raw().get("Resources")).get("MissedCallsFunctionRole"));
        assertTrue(role.contains("dynamodb:LeadingKeys=[LineRules, IntegrationOrganizations, OrganizationShards,"
                + " ErasedNumbers, Retention, OrganizationSettings]"), role);
        assertTrue(template.policyStatements("AgentApiFunction").stream()
                .filter(statement -> statement.toString().contains("ConfigTable")).count() == 1,
                "the agent API reads the shard counts, the settings and the audit entries' retention only");
    }
}
