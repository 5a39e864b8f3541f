// Runs the tools AWS users run on template.yaml, where this machine has them (skipped, visibly, elsewhere): cfn-lint
// for every region the README names, and the SAM translator (CloudFormation's AWS::Serverless transform) for each.
package io.callhook.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class TemplateToolsTest {

    private static final Path TEMPLATE = SamTemplate.find();
    private static final Map<String, String> PARAMETERS = Map.of(
            "WebhookTokenHashes", "pbx:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "DeploymentDigest", "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752");

    @Test
    void theReadmeListsExactlyTheRegionsTheTemplatesRuleAllows() throws IOException {
        String readme = Files.readString(TEMPLATE.getParent().resolve("README.md"));
        String section = readme.substring(readme.indexOf("### Regions"));
        section = section.substring(0, section.indexOf("The list is"));
        List<String> listed = new ArrayList<>();
        Matcher region = Pattern.compile("\\b[a-z]{2}-[a-z]+-\\d\\b").matcher(section);
        while (region.find()) {
            listed.add(region.group());
        }
        assertEquals(AwsTemplateTools.REGIONS, listed);
        assertTrue(listed.size() >= 10, listed.toString());
    }

    @Test
    void cfnLintFindsNothingInAnyRegionTheReadmeNames() throws IOException {
        String tool = Optional.ofNullable(System.getenv("CALLHOOK_CFN_LINT")).filter(s -> !s.isBlank())
                .orElse("cfn-lint");
        Assumptions.assumeTrue(AwsTemplateTools.command(tool).isPresent(),
                "SKIPPED: no cfn-lint on the PATH (pip install cfn-lint, or set CALLHOOK_CFN_LINT) to lint "
                        + "template.yaml");
        List<String> command = new ArrayList<>(List.of(tool, "--format", "parseable", "--regions"));
        command.addAll(AwsTemplateTools.REGIONS);
        command.addAll(List.of("--", TEMPLATE.toString()));
        AwsTemplateTools.Result result = AwsTemplateTools.run(command, null);
        assertEquals("", result.out() + result.err(), "cfn-lint on template.yaml");
        assertEquals(0, result.status(), "cfn-lint's exit status");
    }

    @Test
    void theSamTranslatorTransformsTheTemplateForEveryRegionTheReadmeNames() throws IOException {
        Assumptions.assumeTrue(AwsTemplateTools.pythonHas("samtranslator"),
                "SKIPPED: no SAM translator (pip install aws-sam-translator, or set CALLHOOK_PYTHON to a Python "
                        + "that has it) to transform template.yaml");
        int functions = SamTemplate.load(TEMPLATE).functions().size();
        Map<String, JsonNode> templates = AwsTemplateTools.translate(TEMPLATE, PARAMETERS, AwsTemplateTools.REGIONS);
        for (Map.Entry<String, JsonNode> region : templates.entrySet()) {
            JsonNode resources = region.getValue().path("Resources");
            assertTrue(resources.size() > 0, region.getKey());
            int aliases = 0;
            for (JsonNode resource : (Iterable<JsonNode>) resources::elements) {
                String type = resource.path("Type").asText();
                assertTrue(!type.startsWith("AWS::Serverless::"), region.getKey() + ": " + type + " left");
                aliases += "AWS::Lambda::Alias".equals(type) ? 1 : 0;
            }
            assertEquals(functions, aliases, region.getKey() + ": one live alias per function");
            // API Gateway's JWT authorizer guards exactly the /oidc/ routes; the others keep callhook's own tokens
            JsonNode paths = resources.path("HttpApi").path("Properties").path("Body").path("paths");
            int guarded = 0;
            for (Map.Entry<String, JsonNode> path : (Iterable<Map.Entry<String, JsonNode>>) paths::fields) {
                for (JsonNode operation : (Iterable<JsonNode>) path.getValue()::elements) {
                    boolean signedIn = path.getKey().startsWith("/oidc/");
                    JsonNode security = operation.path("security");
                    assertEquals(signedIn ? "[{\"OidcAuthorizer\":[]}]" : "",
                            security.isMissingNode() ? "" : security.toString(), region.getKey() + " " + path.getKey());
                    guarded += signedIn ? 1 : 0;
                }
            }
            assertTrue(guarded >= 28, region.getKey() + ": " + guarded + " routes with the JWT authorizer");
            assertEquals("jwt", resources.path("HttpApi").path("Properties").path("Body").path("components")
                    .path("securitySchemes").path("OidcAuthorizer").path("x-amazon-apigateway-authorizer")
                    .path("type").asText(), region.getKey());
        }
    }
}
