// Template tests (template.yaml read as data, no AWS): how the Twilio function is deployed, routed and configured.
package io.callhook.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.template.SamTemplate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class TwilioTemplateTest {

    static final SamTemplate TEMPLATE = SamTemplate.load(SamTemplate.find());
    static final String FUNCTION = "TwilioWebhookFunction";

    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void theFunctionRunsThisHandlerFromItsOwnJarOnThePostRouteOnly() {
        SamTemplate.Function function = TEMPLATE.function(FUNCTION);
        assertEquals(TwilioWebhookHandler.class.getName() + "::handleRequest", function.handler());
        assertEquals("functions/twilio-webhook/target/twilio-webhook-lambda.jar", function.codeUri());
        assertEquals(List.of(new SamTemplate.Route("POST", "/api/v1/twilio/{token}")), function.routes());
    }

    @Test
    void authTokensAreANoEchoParameterAndThePublicBaseUrlIsOptional() {
        Map<String, Object> parameters = map(TEMPLATE.raw().get("Parameters"));
        assertEquals(true, map(parameters.get("TwilioAuthTokens")).get("NoEcho"));
        assertEquals("", map(parameters.get("TwilioAuthTokens")).get("Default"));
        assertEquals("", map(parameters.get("PublicBaseUrl")).get("Default"));
        Map<String, Object> variables = map(map(TEMPLATE.properties(FUNCTION).get("Environment")).get("Variables"));
        assertEquals(Map.of("Ref", "WebhookTokenHashes"), variables.get(TwilioWebhookHandler.TOKEN_HASHES_VARIABLE));
        assertEquals(Map.of("Ref", "TwilioAuthTokens"), variables.get(TwilioWebhookHandler.AUTH_TOKENS_VARIABLE));
        assertEquals(Map.of("Ref", "PublicBaseUrl"), variables.get(TwilioWebhookHandler.PUBLIC_BASE_URL_VARIABLE));
        assertEquals(Map.of("Ref", "VoicemailIdentities"), variables.get("VOICEMAIL_IDENTITIES"));
    }

    @Test
    void itMayOnlyUpdateItemsOfTheCallsTableAndReadItsSettings() {
        assertEquals(List.of(SamTemplate.configRead("WebhookTokenHashes", "IntegrationOrganizations",
                        "OrganizationShards", "Retention", "ErasedNumbers"),
                Map.of("Effect", "Allow", "Action", List.of("dynamodb:UpdateItem"),
                "Resource", Map.of("Fn::GetAtt", List.of("CallsTable", "Arn")))), TEMPLATE.policyStatements(FUNCTION));
    }

    @Test
    void itLogsToItsOwnLogGroupAndTheStackOutputsItsUrl() {
        assertEquals(Map.of("Ref", "TwilioWebhookLogGroup"),
                map(TEMPLATE.properties(FUNCTION).get("LoggingConfig")).get("LogGroup"));
        assertTrue(TEMPLATE.resources("AWS::Logs::LogGroup").containsKey("TwilioWebhookLogGroup"));
        Map<String, Object> outputs = map(TEMPLATE.raw().get("Outputs"));
        String twilio = TEMPLATE.resolve(map(outputs.get("TwilioWebhookUrl")).get("Value"));
        String cti = TEMPLATE.resolve(map(outputs.get("CtiWebhookUrl")).get("Value"));
        assertEquals(cti.replace("/api/v1/cti/", "/api/v1/twilio/"), twilio);
    }
}
