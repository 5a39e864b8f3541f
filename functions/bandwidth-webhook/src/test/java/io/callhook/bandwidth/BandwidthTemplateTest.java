// Template tests (template.yaml read as data, no AWS): how the Bandwidth function is deployed and routed.
package io.callhook.bandwidth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.template.SamTemplate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class BandwidthTemplateTest {

    static final SamTemplate TEMPLATE = SamTemplate.load(SamTemplate.find());
    static final String FUNCTION = "BandwidthWebhookFunction";

    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    static Map<String, Object> properties(String logicalId) {
        return TEMPLATE.properties(logicalId);
    }

    @Test
    void theFunctionRunsThisHandlerFromItsOwnJar() {
        SamTemplate.Function function = TEMPLATE.function(FUNCTION);
        assertEquals(BandwidthWebhookHandler.class.getName() + "::handleRequest", function.handler());
        assertEquals("functions/bandwidth-webhook/target/bandwidth-webhook-lambda.jar", function.codeUri());
        assertFalse(properties(FUNCTION).containsKey("Runtime"), "the runtime comes from Globals");
        assertEquals("java21", map(map(TEMPLATE.raw().get("Globals")).get("Function")).get("Runtime"));
    }

    @Test
    void postAndGetAreRoutedOnTheTokenPath() {
        assertEquals(Set.of(new SamTemplate.Route("POST", "/api/v1/bandwidth/{token}"),
                        new SamTemplate.Route("GET", "/api/v1/bandwidth/{token}")),
                Set.copyOf(TEMPLATE.function(FUNCTION).routes()));
    }

    @Test
    void itSharesTheWebhookTokensParameterWithTheCtiWebhook() {
        Map<String, Object> variables = map(map(properties(FUNCTION).get("Environment")).get("Variables"));
        assertEquals(Map.of("Ref", "WebhookTokenHashes"), variables.get("WEBHOOK_TOKEN_HASHES"));
        assertEquals(TEMPLATE.function("CtiWebhookFunction").environment().get("WEBHOOK_TOKEN_HASHES"),
                TEMPLATE.function(FUNCTION).environment().get("WEBHOOK_TOKEN_HASHES"));
    }

    @Test
    void itMayOnlyUpdateItemsOfTheCallsTableAndReadItsSettings() {
        assertEquals(List.of(SamTemplate.configRead("WebhookTokenHashes", "BandwidthCredentialHashes",
                        "IntegrationOrganizations", "OrganizationShards", "Retention", "ErasedNumbers"),
                Map.of("Effect", "Allow", "Action", List.of("dynamodb:UpdateItem"),
                "Resource", Map.of("Fn::GetAtt", List.of("CallsTable", "Arn")))), TEMPLATE.policyStatements(FUNCTION));
    }

    @Test
    void itLogsToItsOwnLogGroup() {
        Map<String, Object> logging = map(properties(FUNCTION).get("LoggingConfig"));
        assertEquals(Map.of("Ref", "BandwidthWebhookLogGroup"), logging.get("LogGroup"));
        assertTrue(TEMPLATE.resources("AWS::Logs::LogGroup").containsKey("BandwidthWebhookLogGroup"));
        assertEquals(Map.of("Ref", "LogRetentionDays"), properties("BandwidthWebhookLogGroup").get("RetentionInDays"));
    }

    @Test
    void theStackOutputsTheWebhookUrlOnTheSameApiAsTheCtiWebhook() {
        Map<String, Object> outputs = map(TEMPLATE.raw().get("Outputs"));
        String bandwidth = TEMPLATE.resolve(map(outputs.get("BandwidthWebhookUrl")).get("Value"));
        String cti = TEMPLATE.resolve(map(outputs.get("CtiWebhookUrl")).get("Value"));
        assertTrue(bandwidth.endsWith("/api/v1/bandwidth/{token}"), bandwidth);
        assertEquals(cti.replace("/api/v1/cti/", "/api/v1/bandwidth/"), bandwidth);
    }
}
