// Unit tests of the secrets configured per integration (HMAC keys, Twilio auth tokens).
package io.callhook.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NamedSecretsTest {

    @Test
    void secretsAreKeptPerIntegrationInOrderAndMayContainColons() {
        NamedSecrets secrets = NamedSecrets.parse(" acme:old , acme:new:with:colons,globex:g,, ");
        assertEquals(2, secrets.of("acme").size());
        assertArrayEquals("old".getBytes(StandardCharsets.UTF_8), secrets.of("acme").get(0));
        assertArrayEquals("new:with:colons".getBytes(StandardCharsets.UTF_8), secrets.of("acme").get(1));
        assertTrue(secrets.has("globex"));
        assertFalse(secrets.has("initech"));
        assertEquals(0, secrets.of("initech").size());
        assertFalse(NamedSecrets.parse("").has("acme"));
        assertFalse(NamedSecrets.none().has("acme"));
    }

    @Test
    void aMalformedEntryIsRefusedWithoutRepeatingIt() {
        for (String bad : new String[] {"acme:ok,plain-secret-value", "acme:", ":plain-secret-value",
                "bad name:plain-secret-value"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NamedSecrets.parse(bad));
            assertFalse(e.getMessage().contains("plain-secret-value"), e.getMessage());
            assertTrue(e.getMessage().contains("entry"), e.getMessage());
        }
    }
}
