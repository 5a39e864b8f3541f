// Json (pure): a body is exactly one JSON object; anything after it is refused.
package io.callhook.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void oneObjectWithTrailingWhitespaceIsAccepted() {
        assertEquals(Map.of("a", 1), Json.parseObject("{\"a\":1}\n  "));
    }

    @Test
    void aSecondValueAfterTheObjectIsRefused() {
        Json.MalformedJsonException error = assertThrows(Json.MalformedJsonException.class,
                () -> Json.parseObject("{\"a\":1}{}"));
        assertEquals("body has content after its JSON value", error.getMessage());
    }

    @Test
    void garbageAfterTheObjectIsRefused() {
        assertThrows(Json.MalformedJsonException.class, () -> Json.parseObject("{\"a\":1} xyz"));
    }

    @Test
    void aValueThatIsNotAnObjectIsRefused() {
        assertThrows(Json.MalformedJsonException.class, () -> Json.parseObject("[1]"));
    }
}
