// Unit tests, no I/O: EventBridge-style filter patterns on stream records' JSON form.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventPatternTest {

    private static final Map<String, Object> INSERT = LocalJson.parseObject("""
            {"eventID":"1","eventName":"INSERT","eventVersion":"1.1","eventSource":"aws:dynamodb",
             "dynamodb":{"Keys":{"callId":{"S":"c-1"}},
                         "NewImage":{"callId":{"S":"c-1"},"cause":{"S":"cancel"},"direction":{"S":"in"},
                                     "endedAt":{"N":"1700000000000"},"events":{"SS":["newCall","hangup"]},
                                     "done":{"BOOL":false}},
                         "SequenceNumber":"100","SizeBytes":120,"StreamViewType":"NEW_AND_OLD_IMAGES"}}""");

    private static boolean matches(String pattern) {
        return EventPattern.parse(pattern).matches(INSERT);
    }

    @Test
    void exactStringsAreAlternatives() {
        assertTrue(matches("{\"eventName\": [\"INSERT\", \"MODIFY\"]}"));
        assertFalse(matches("{\"eventName\": [\"REMOVE\"]}"));
        assertTrue(matches("{\"dynamodb\": {\"NewImage\": {\"cause\": {\"S\": [\"cancel\"]}}}}"));
        assertFalse(matches("{\"dynamodb\": {\"NewImage\": {\"cause\": {\"S\": [\"busy\"]}}}}"));
    }

    @Test
    void everyKeyMustMatch() {
        assertTrue(matches("{\"eventName\": [\"INSERT\"],"
                + " \"dynamodb\": {\"NewImage\": {\"direction\": {\"S\": [\"in\"]}}}}"));
        assertFalse(matches("{\"eventName\": [\"INSERT\"],"
                + " \"dynamodb\": {\"NewImage\": {\"direction\": {\"S\": [\"out\"]}}}}"));
    }

    @Test
    void numbersMatchNumbersOnlyAsOnAws() {
        assertTrue(matches("{\"dynamodb\": {\"SizeBytes\": [120]}}"));
        assertTrue(matches("{\"dynamodb\": {\"SizeBytes\": [{\"numeric\": [\">\", 100, \"<=\", 120]}]}}"));
        assertFalse(matches("{\"dynamodb\": {\"SizeBytes\": [{\"numeric\": [\"<\", 100]}]}}"));
        // DynamoDB's N values are strings in the record: a number pattern does not match them
        assertFalse(matches("{\"dynamodb\": {\"NewImage\": {\"endedAt\": {\"N\": [1700000000000]}}}}"));
        assertTrue(matches("{\"dynamodb\": {\"NewImage\": {\"endedAt\": {\"N\": [\"1700000000000\"]}}}}"));
    }

    @Test
    void existsLooksAtLeaves() {
        assertTrue(matches("{\"dynamodb\": {\"NewImage\": {\"endedAt\": {\"N\": [{\"exists\": true}]}}}}"));
        assertFalse(matches("{\"dynamodb\": {\"NewImage\": {\"answeredAt\": {\"N\": [{\"exists\": true}]}}}}"));
        assertTrue(matches("{\"dynamodb\": {\"NewImage\": {\"answeredAt\": {\"N\": [{\"exists\": false}]}}}}"));
        assertTrue(matches("{\"dynamodb\": {\"OldImage\": {\"cause\": {\"S\": [{\"exists\": false}]}}}}"));
        assertFalse(matches("{\"dynamodb\": {\"NewImage\": {\"cause\": {\"S\": [{\"exists\": false}]}}}}"));
    }

    @Test
    void prefixSuffixAndCase() {
        assertTrue(matches("{\"dynamodb\": {\"Keys\": {\"callId\": {\"S\": [{\"prefix\": \"c-\"}]}}}}"));
        assertFalse(matches("{\"dynamodb\": {\"Keys\": {\"callId\": {\"S\": [{\"prefix\": \"x-\"}]}}}}"));
        assertTrue(matches("{\"dynamodb\": {\"NewImage\": {\"cause\": {\"S\": [{\"suffix\": \"cel\"}]}}}}"));
        assertTrue(matches("{\"eventName\": [{\"equals-ignore-case\": \"insert\"}]}"));
        assertTrue(matches("{\"eventSource\": [{\"wildcard\": \"aws:*\"}]}"));
    }

    @Test
    void anythingBut() {
        assertTrue(matches("{\"eventName\": [{\"anything-but\": [\"REMOVE\", \"MODIFY\"]}]}"));
        assertFalse(matches("{\"eventName\": [{\"anything-but\": [\"INSERT\"]}]}"));
        assertFalse(matches("{\"eventName\": [{\"anything-but\": \"INSERT\"}]}"));
        assertTrue(matches("{\"eventName\": [{\"anything-but\": {\"prefix\": \"MOD\"}}]}"));
        // a missing field matches nothing but exists:false
        assertFalse(matches("{\"dynamodb\": {\"NewImage\": {\"queue\": {\"S\": [{\"anything-but\": [\"x\"]}]}}}}"));
    }

    @Test
    void arraysInTheRecordMatchAnyElement() {
        assertTrue(matches("{\"dynamodb\": {\"NewImage\": {\"events\": {\"SS\": [\"hangup\"]}}}}"));
        assertFalse(matches("{\"dynamodb\": {\"NewImage\": {\"events\": {\"SS\": [\"answer\"]}}}}"));
        assertTrue(matches("{\"dynamodb\": {\"NewImage\": {\"done\": {\"BOOL\": [false]}}}}"));
    }

    @Test
    void orWithinAPatternAndAcrossFilters() {
        assertTrue(matches("{\"$or\": [{\"eventName\": [\"REMOVE\"]}, {\"dynamodb\": {\"SizeBytes\": [120]}}]}"));
        assertFalse(matches("{\"$or\": [{\"eventName\": [\"REMOVE\"]}, {\"dynamodb\": {\"SizeBytes\": [1]}}]}"));
        assertTrue(FilterCriteria.of("{\"eventName\": [\"REMOVE\"]}", "{\"eventName\": [\"INSERT\"]}")
                .accepts(INSERT));
        assertFalse(FilterCriteria.of("{\"eventName\": [\"REMOVE\"]}", "{\"eventName\": [\"MODIFY\"]}")
                .accepts(INSERT));
        assertTrue(FilterCriteria.none().accepts(INSERT));
    }

    @Test
    void templateFiltersAreJsonTextOrMappings() {
        FilterCriteria fromText = FilterCriteria.fromTemplate(Map.of("Filters",
                List.of(Map.of("Pattern", "{\"eventName\": [\"INSERT\"]}"))));
        FilterCriteria fromMapping = FilterCriteria.fromTemplate(Map.of("Filters",
                List.of(Map.of("Pattern", Map.of("eventName", List.of("MODIFY"))))));
        assertTrue(fromText.accepts(INSERT));
        assertFalse(fromMapping.accepts(INSERT));
    }

    @Test
    void patternsAwsRefusesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> EventPattern.parse("not json"));
        assertThrows(IllegalArgumentException.class, () -> EventPattern.parse("{\"eventName\": \"INSERT\"}"));
        assertThrows(IllegalArgumentException.class, () -> EventPattern.parse("{\"eventName\": []}"));
        assertThrows(IllegalArgumentException.class, () -> EventPattern.parse("{\"a\": [{\"numeric\": [\"!\", 1]}]}"));
        assertThrows(IllegalArgumentException.class, () -> EventPattern.parse("{\"a\": [{\"cidr\": \"10.0.0.0/8\"}]}"));
        assertThrows(IllegalArgumentException.class, () -> EventPattern.parse("{\"a\": [{\"exists\": \"yes\"}]}"));
    }
}
