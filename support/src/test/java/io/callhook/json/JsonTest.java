// Json (pure): a body is exactly one JSON object; anything after it is refused; numbers keep their exact text;
// answers keep null-valued keys.
package io.callhook.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void answersKeepEveryKeyANullOneIncludedAndLogLinesLeaveNullsOut() {
        Map<String, Object> inner = new java.util.LinkedHashMap<>();
        inner.put("agent", null);
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("claimedBy", null);
        value.put("resolution", inner);
        value.put("items", java.util.Arrays.asList("a", null));
        assertEquals("{\"claimedBy\":null,\"resolution\":{\"agent\":null},\"items\":[\"a\",null]}",
                Json.write(value));
        assertEquals("{\"resolution\":{},\"items\":[\"a\",null]}", Json.writeWithoutNulls(value));
    }

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

    @Test
    void numbersKeepTheirExactText() {
        for (String number : List.of("1e400", "1e999999999", "-1e400", "1.5e3", "1500.0", "-0", "0.10",
                "12345678901234567890123", "9223372036854775808", "1E+2")) {
            Object value = Json.parseObject("{\"n\":" + number + "}").get("n");
            assertEquals(number, String.valueOf(value), number);
        }
        assertEquals(Integer.valueOf(42), Json.parseObject("{\"n\":42}").get("n"));
        assertEquals(Long.valueOf(9223372036854775807L), Json.parseObject("{\"n\":9223372036854775807}").get("n"));
    }
}
