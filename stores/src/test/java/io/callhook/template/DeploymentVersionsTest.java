// Runs the SAM translator (where installed) on template.yaml with two parameter sets: every function's published
// version, the one its live alias points at, changes with any parameter, through the deployment digest.
package io.callhook.template;

import static io.callhook.template.SamTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class DeploymentVersionsTest {

    private static final Path TEMPLATE = SamTemplate.find();
    private static final String HASH_1 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final String HASH_2 = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
    private static final byte[] JARS = "the eight function jars, byte for byte".getBytes(StandardCharsets.UTF_8);

    /** The README's digest: SHA-256 of the jars followed by the parameter overrides as given to sam deploy. */
    static String digest(byte[] jars, Map<String, String> parameters) {
        String overrides = parameters.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(jars);
            return HexFormat.of().formatHex(sha256.digest(overrides.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> baseline() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("WebhookTokenHashes", "pbx:" + HASH_1);
        parameters.put("TwilioAuthTokens", "pbx:twilio-auth-token-1");
        parameters.put("AdminTokenHash", HASH_1);
        parameters.put("LineRules", "{}");
        parameters.put("ApplicationLogLevel", "INFO");
        return parameters;
    }

    /** Each function's live alias and the logical id of the version it points at. */
    private static Map<String, String> liveVersions(Map<String, String> parameters) throws IOException {
        Map<String, String> withDigest = new LinkedHashMap<>(parameters);
        withDigest.put("DeploymentDigest", digest(JARS, parameters));
        JsonNode resources = AwsTemplateTools.translate(TEMPLATE, withDigest, "eu-central-1").path("Resources");
        Map<String, String> versions = new TreeMap<>();
        resources.fields().forEachRemaining(entry -> {
            JsonNode resource = entry.getValue();
            if ("AWS::Lambda::Alias".equals(resource.path("Type").asText())) {
                JsonNode properties = resource.path("Properties");
                assertEquals("live", properties.path("Name").asText(), entry.getKey());
                String version = properties.path("FunctionVersion").path("Fn::GetAtt").path(0).asText();
                assertEquals("AWS::Lambda::Version", resources.path(version).path("Type").asText(), version);
                versions.put(properties.path("FunctionName").path("Ref").asText(), version);
            }
        });
        return versions;
    }

    private static void assumeTranslator() {
        Assumptions.assumeTrue(AwsTemplateTools.pythonHas("samtranslator"),
                "SKIPPED: no SAM translator (pip install aws-sam-translator, or set CALLHOOK_PYTHON to a Python "
                        + "that has it) to check that parameter changes publish new versions");
    }

    @Test
    void everyParameterChangePublishesANewVersionOfEveryFunction() throws IOException {
        assumeTranslator();
        Map<String, String> before = liveVersions(baseline());
        assertEquals(SamTemplate.load(TEMPLATE).functions().size(), before.size(), before.toString());
        assertTrue(before.size() >= 8, before.toString());
        Map<String, String> changes = Map.of(
                "WebhookTokenHashes", "pbx:" + HASH_2,
                "TwilioAuthTokens", "pbx:twilio-auth-token-2",
                "AdminTokenHash", HASH_2,
                "LineRules", "{\"*\": {\"shortAbandonSeconds\": 10}}",
                "ApplicationLogLevel", "DEBUG");
        for (Map.Entry<String, String> change : changes.entrySet()) {
            Map<String, String> parameters = baseline();
            parameters.put(change.getKey(), change.getValue());
            Map<String, String> after = liveVersions(parameters);
            assertEquals(before.keySet(), after.keySet());
            for (String function : before.keySet()) {
                assertNotEquals(before.get(function), after.get(function),
                        function + "'s live alias kept its version when only " + change.getKey() + " changed");
            }
        }
    }

    @Test
    void theSameJarsAndParametersKeepTheVersions() throws IOException {
        assumeTranslator();
        assertEquals(liveVersions(baseline()), liveVersions(baseline()));
    }

    @Test
    void everyFunctionTakesTheDigestAndItsDescriptionStillFitsLambdasLimit() {
        SamTemplate template = SamTemplate.load(TEMPLATE);
        Map<String, Object> parameter = map(map(template.raw().get("Parameters")).get("DeploymentDigest"));
        assertEquals("[0-9a-f]{64}", parameter.get("AllowedPattern"));
        for (SamTemplate.Function function : template.functions()) {
            Map<String, Object> properties = template.properties(function.logicalId());
            assertEquals(Map.of("Ref", "DeploymentDigest"), properties.get("AutoPublishCodeSha256"),
                    function.logicalId());
            // SAM appends " <digest>" to the description so that Lambda sees a changed function to publish
            int length = String.valueOf(properties.get("Description")).length() + 1 + 64;
            assertTrue(length <= 256, function.logicalId() + " description would be " + length + " characters");
        }
    }
}
