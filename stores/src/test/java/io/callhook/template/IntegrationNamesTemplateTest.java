// The template's patterns for the parameters that name integrations agree with the parsers the functions start with.
package io.callhook.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.auth.NamedSecrets;
import io.callhook.auth.TokenHashes;
import io.callhook.config.Organizations;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IntegrationNamesTemplateTest {

    private static final String HASH = "a".repeat(64);
    private static final Map<String, Object> PARAMETERS = parameters();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parameters() {
        return (Map<String, Object>) SamTemplate.load(SamTemplate.find()).raw().get("Parameters");
    }

    private static Pattern pattern(String parameter) {
        @SuppressWarnings("unchecked")
        Map<String, Object> definition = (Map<String, Object>) PARAMETERS.get(parameter);
        Object pattern = definition.get("AllowedPattern");
        assertTrue(pattern instanceof String, parameter + " has an AllowedPattern");
        return Pattern.compile((String) pattern);
    }

    /** CloudFormation matches an AllowedPattern against the whole value, as {@link java.util.regex.Matcher#matches}. */
    private static void agree(String parameter, Consumer<String> parser, List<String> good, List<String> bad) {
        Pattern pattern = pattern(parameter);
        for (String value : good) {
            assertTrue(pattern.matcher(value).matches(), parameter + " allows " + value);
            parser.accept(value);
        }
        for (String value : bad) {
            assertTrue(!pattern.matcher(value).matches(), parameter + " refuses " + value);
            assertThrows(RuntimeException.class, () -> parser.accept(value), "the function refuses " + value);
        }
    }

    @Test
    void tokenHashParametersAllowOnlyIntegrationNames() {
        List<String> good = List.of("", "acme:" + HASH, "acme:" + HASH + ", acme:" + HASH.toUpperCase()
                + " ,globex.eu_1-x:" + HASH, "a".repeat(64) + ":" + HASH);
        List<String> bad = List.of("acme:foo:" + HASH, "ac me:" + HASH, ":" + HASH, "a".repeat(65) + ":" + HASH,
                "acme:" + HASH.substring(1), "acme/x:" + HASH, "acme");
        agree("WebhookTokenHashes", TokenHashes::parse, good, bad);
        agree("BandwidthCredentialHashes", TokenHashes::parse, good, bad);
    }

    @Test
    void secretParametersAllowOnlyIntegrationNames() {
        List<String> good = List.of("", "acme:s3cret", "acme:a:b:c, globex:x,acme:second");
        List<String> bad = List.of("acme foo:secret", "acme:", "acme:  ", ":secret", "a".repeat(65) + ":s",
                "acme#1:secret");
        agree("TwilioAuthTokens", NamedSecrets::parse, good, bad);
        agree("CtiSignatureKeys", NamedSecrets::parse, good, bad);
    }

    @Test
    void integrationOrganizationsAllowsOnlyNames() {
        agree("IntegrationOrganizations", mapping -> Organizations.parse(mapping, "1"),
                List.of("", "acme:org-a", "acme:org-a, globex:org-b "),
                List.of("acme:org:a", "acme", "acme:", "ac me:org-a", "acme:org a", "acme:" + "o".repeat(65)));
    }

    @Test
    void aNameWithAColonNoLongerCollidesWithAnotherIntegrationsCallIds() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TokenHashes.parse("WEBHOOK_TOKEN_HASHES", "acme:" + HASH + ",acme:foo:" + HASH));
        assertEquals("WEBHOOK_TOKEN_HASHES: token hash entry 2 must be name:sha256-hex (name: 1 to 64 letters,"
                + " digits, '.', '_' or '-'; 64 hex digits)", e.getMessage());
    }
}
