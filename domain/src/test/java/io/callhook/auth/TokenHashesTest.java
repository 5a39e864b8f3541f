// Unit tests of token hashing and lookup.
package io.callhook.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenHashesTest {

    @Test
    void hashIsTheLowerCaseHexSha256OfTheToken() {
        // printf %s abc | sha256sum
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", TokenHashes.hashOf("abc"));
    }

    @Test
    void aConfiguredTokenResolvesToItsNameAndRotationKeepsBoth() {
        TokenHashes tokens = TokenHashes.parse("berlin:" + TokenHashes.hashOf("old") + ", berlin:"
                + TokenHashes.hashOf("new") + ",cologne:" + TokenHashes.hashOf("other").toUpperCase());
        assertEquals(Optional.of("berlin"), tokens.nameOf("old"));
        assertEquals(Optional.of("berlin"), tokens.nameOf("new"));
        assertEquals(Optional.of("cologne"), tokens.nameOf("other"));
        assertFalse(tokens.nameOf("wrong").isPresent());
        assertFalse(tokens.nameOf("").isPresent());
        assertFalse(tokens.nameOf(null).isPresent());
    }

    @Test
    void aTokenIsAcceptedOnlyUnderItsOwnName() {
        TokenHashes hashes = TokenHashes.parse("acme:" + TokenHashes.hashOf("u:p") + ",acme:"
                + TokenHashes.hashOf("u:next") + ",globex:" + TokenHashes.hashOf("g:p"));
        assertTrue(hashes.accepts("acme", "u:p"));
        assertTrue(hashes.accepts("acme", "u:next"));
        assertFalse(hashes.accepts("acme", "g:p"), "another integration's credentials");
        assertFalse(hashes.accepts("acme", null));
        assertTrue(hashes.has("globex"));
        assertFalse(hashes.has("initech"));
        assertFalse(TokenHashes.parse("").has("acme"));
    }

    @Test
    void aMalformedEntryIsRefusedWithoutRepeatingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TokenHashes.parse("pbx:" + TokenHashes.hashOf("a") + ",plain-secret-token"));
        assertTrue(e.getMessage().contains("entry 2"));
        assertFalse(e.getMessage().contains("plain-secret-token"));
        assertThrows(IllegalArgumentException.class, () -> TokenHashes.parse(TokenHashes.hashOf("no-name")));
    }
}
