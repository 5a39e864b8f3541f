// The CTI function's own class path (what its Lambda jar is shaded from): libphonenumber is not on it.
package io.callhook.cti;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NoPhoneLibraryTest {

    /**
     * libphonenumber costs a cold start some 45 ms of CPU and 350 classes (docs/benchmarks.md): shared declares it
     * optional, so only the functions that build agents' answers ship it, and the webhook never can load it.
     */
    @Test
    void theWebhookCannotLoadLibphonenumber() {
        assertThrows(ClassNotFoundException.class,
                () -> Class.forName("com.google.i18n.phonenumbers.PhoneNumberUtil"));
    }
}
