// template.yaml (read as data) and the configuration parsers (pure): each structured parameter's AllowedPattern
// refuses a typo before CloudFormation starts the deploy, accepts what the functions accept, and the reserved
// concurrency parameters refuse values that would reserve 0 (a fully throttled function).
package io.callhook.template;

import static io.callhook.template.SamTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.auth.TokenHashes;
import io.callhook.config.Organizations;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TemplateParameterPatternsTest {

    private static final Map<String, Object> PARAMETERS =
            map(SamTemplate.load(SamTemplate.find()).raw().get("Parameters"));
    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    /** CloudFormation's rule: the pattern must match the whole value. */
    private static boolean allowed(String parameter, String value) {
        Object pattern = map(PARAMETERS.get(parameter)).get("AllowedPattern");
        assertNotNull(pattern, parameter + " has no AllowedPattern");
        return Pattern.compile(String.valueOf(pattern)).matcher(value).matches();
    }

    private static void check(String parameter, List<String> accepted, List<String> refused) {
        for (String value : accepted) {
            assertTrue(allowed(parameter, value), parameter + " should accept " + value);
        }
        for (String value : refused) {
            assertFalse(allowed(parameter, value), parameter + " should refuse " + value);
        }
        Object fallback = map(PARAMETERS.get(parameter)).get("Default");
        if (fallback != null) {
            assertTrue(allowed(parameter, String.valueOf(fallback)), parameter + "'s default");
        }
        assertNotNull(map(PARAMETERS.get(parameter)).get("ConstraintDescription"), parameter);
    }

    @Test
    void webhookTokenHashesAreNamesAndSha256Hashes() {
        List<String> accepted = List.of("pbx:" + HASH, "pbx:" + HASH + ",pbx:" + HASH.toUpperCase(),
                "pbx.main_2-a:" + HASH + ", zammad : " + HASH);
        // Empty is allowed: the entries may all be in the config table.
        assertTrue(allowed("WebhookTokenHashes", ""), "empty");
        check("WebhookTokenHashes", accepted, List.of("pbx", "pbx:" + HASH.substring(1), "pbx=" + HASH,
                "pbx:" + HASH + ",", "pbx:" + HASH + ";other:" + HASH, "p b x:" + HASH, "a/b:" + HASH,
                "x".repeat(65) + ":" + HASH, "pbx:" + HASH.replace('9', 'g')));
        for (String value : accepted) {
            assertFalse(TokenHashes.parse(value).toString().isEmpty(), "the functions accept " + value);
        }
    }

    @Test
    void integrationNamedParametersUseTheSameNameRule() {
        check("BandwidthCredentialHashes", List.of("", "bw:" + HASH, "bw:" + HASH + ",bw:" + HASH),
                List.of("bw", "bw:secret", ":" + HASH, "b w:" + HASH));
        check("TwilioAuthTokens", List.of("", "tw:0123456789abcdef0123456789abcdef", "tw:a,tw:b"),
                List.of("tw", "tw:", "tw: ", ":token", "t w:token", "tw:a,,tw:b"));
        check("CtiSignatureKeys", List.of("", "pbx:k3y with:colon", "pbx:a, pbx:b"),
                List.of("pbx", "pbx:", ":key", "pbx:a,"));
        List<String> organizations = List.of("", "acme:org-a", "acme:org-a, globex:org.b");
        check("IntegrationOrganizations", organizations, List.of("acme", "acme:", "acme:org a", "acme:org/a",
                "acme:org-a,", "acme=org-a"));
        for (String value : organizations) {
            assertNotNull(Organizations.parse(value, "1"), "the functions accept " + value);
        }
        Pattern conf = Organizations.NAME;
        assertTrue(String.valueOf(map(PARAMETERS.get("IntegrationOrganizations")).get("AllowedPattern"))
                .contains(conf.pattern()), "the template's name rule is Organizations.NAME");
    }

    @Test
    void lineRulesIsOneJsonObjectAndOtherListsHaveNoEmptyEntries() {
        check("LineRules", List.of("{}", " {\"*\": {\"shortAbandonSeconds\": 5}}\n"),
                List.of("", "\"*\": {}", "[{}]", "{\"*\": {}} x"));
        check("VoicemailIdentities", List.of("voicemail", "voicemail,+4930555000", ""), List.of(",", "voicemail,"));
        check("PublicBaseUrl", List.of("", "https://hooks.example.com", "https://hooks.example.com/base"),
                List.of("hooks.example.com", "ftp://x", "https://a b"));
    }

    @Test
    void reservedConcurrencyRefusesValuesThatReserveNothing() {
        for (String parameter : List.of("WebhookReservedConcurrency", "AgentReservedConcurrency",
                "StreamReservedConcurrency")) {
            check(parameter, List.of("", "0", "1", "10", "99999"),
                    List.of("00", "000", "01", "007", "-1", "1.5", " 5", "100000", "x"));
            assertEquals("", map(PARAMETERS.get(parameter)).get("Default"));
        }
    }
}
