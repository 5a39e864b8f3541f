package io.callhook.engine.expr;

import static io.callhook.engine.expr.Fixtures.assertValidation;
import static io.callhook.engine.expr.Fixtures.attrs;
import static io.callhook.engine.expr.Fixtures.l;
import static io.callhook.engine.expr.Fixtures.m;
import static io.callhook.engine.expr.Fixtures.n;
import static io.callhook.engine.expr.Fixtures.s;
import static io.callhook.engine.expr.Fixtures.ss;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.engine.model.Value;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parse-time refusals, with DynamoDB's messages. */
class ExpressionErrorsTest {

    private static void condition(String text, Object... values) {
        Expressions.condition(text, "ConditionExpression", attrs(values));
    }

    private static void update(String text, Object... values) {
        Expressions.update(text, attrs(values));
    }

    // API Reference, PutItem ConditionExpression / UpdateItem UpdateExpression: an empty expression is refused.
    @Test
    void emptyAndOversizedExpressions() {
        assertValidation("Invalid ConditionExpression: The expression can not be empty;", () -> condition(""));
        assertValidation("Invalid UpdateExpression: The expression can not be empty;", () -> update("  "));
        String big = "a = :v" + " OR a = :v".repeat(410);
        assertValidation("Invalid FilterExpression: Expression size has exceeded the maximum allowed size; "
                + "expression size: " + big.length(),
                () -> Expressions.condition(big, "FilterExpression", attrs(":v", n("1"))));
    }

    // Developer Guide, "Reserved words in DynamoDB": the list is not case-sensitive.
    @Test
    void reservedWords() {
        assertValidation("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Name",
                () -> condition("Name = :v", ":v", s("x")));
        assertValidation("Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status",
                () -> update("SET a.status = :v", ":v", s("x")));
        assertValidation("Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: "
                + "size", () -> Expressions.projection("id, size", attrs()));
    }

    // Developer Guide, "Expression attribute names" and "Expression attribute values": placeholders must be defined.
    @Test
    void undefinedPlaceholders() {
        ExpressionAttributes none = new ExpressionAttributes(null, null);
        assertValidation("Invalid ConditionExpression: An expression attribute name used in the document path is "
                + "not defined; attribute name: #x",
                () -> Expressions.condition("#x = :v", "ConditionExpression", none));
        assertValidation("Invalid UpdateExpression: An expression attribute value used in expression is not "
                + "defined; attribute value: :v", () -> Expressions.update("SET a = :v", none));
    }

    // Developer Guide, "Expression attribute names/values": unused placeholders are refused.
    @Test
    void unusedPlaceholders() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("#a", "a");
        names.put("#b", "b");
        ExpressionAttributes attributes = new ExpressionAttributes(names, Map.of(":v", n("1"), ":w", n("2")));
        Expressions.condition("#a = :v", "ConditionExpression", attributes);
        assertValidation("Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}",
                attributes::checkAllUsed);
        Expressions.update("SET #b = :v", attributes);
        assertValidation("Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}",
                attributes::checkAllUsed);
    }

    @Test
    void syntaxErrors() {
        assertValidation("Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\"",
                () -> condition("a ="));
        assertValidation("Invalid ConditionExpression: Syntax error; token: \"1\", near: \"= 1\"",
                () -> condition("a = 1"));
        assertValidation("Invalid UpdateExpression: Syntax error; token: \"b\", near: \"a b\"",
                () -> update("SET a b"));
        assertValidation("Invalid UpdateExpression: Syntax error; token: \"whatever\", near: \"whatever\"",
                () -> update("whatever"));
        assertValidation("Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"a\"",
                () -> condition("a"));
        assertValidation("Invalid UpdateExpression: Syntax error; token: \"+\", near: \"c +\"",
                () -> update("SET a = b + c + d"));
    }

    // Developer Guide, "Condition and filter expressions...": functions and their operand types.
    @Test
    void functionAndOperandErrors() {
        assertValidation("Invalid ConditionExpression: Invalid function name; function: nope",
                () -> condition("nope(a)"));
        assertValidation("Invalid ConditionExpression: The function is not allowed to be used this way in an "
                + "expression; function: size", () -> condition("size(a)"));
        assertValidation("Invalid ConditionExpression: Incorrect operand type for operator or function; operator "
                + "or function: begins_with, operand type: N", () -> condition("begins_with(a, :v)", ":v", n("1")));
        assertValidation("Invalid ConditionExpression: Incorrect operand type for operator or function; operator "
                + "or function: <, operand type: M", () -> condition("a < :v", ":v", m()));
        assertValidation("Invalid ConditionExpression: Incorrect number of operands for operator or function; "
                + "operator or function: attribute_exists, number of operands: 2",
                () -> condition("attribute_exists(a, b)"));
        assertValidation("Invalid ConditionExpression: Operator or function requires a document path; operator or "
                + "function: attribute_exists", () -> condition("attribute_exists(:v)", ":v", n("1")));
        assertValidation("Invalid ConditionExpression: Invalid attribute type name found; type: X, valid types: "
                + "{ B,NULL,SS,BOOL,L,BS,N,NS,S,M }", () -> condition("attribute_type(a, :t)", ":t", s("X")));
        assertValidation("Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than "
                + "or equal to lower bound; lower bound operand: AttributeValue: {N:2}, upper bound operand: "
                + "AttributeValue: {N:1}", () -> condition("a BETWEEN :a AND :b", ":a", n("2"), ":b", n("1")));
        assertValidation("Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and "
                + "upper bounds; lower bound operand: AttributeValue: {N:2}, upper bound operand: "
                + "AttributeValue: {S:x}", () -> condition("a BETWEEN :a AND :b", ":a", n("2"), ":b", s("x")));
        StringBuilder in = new StringBuilder("a IN (:v");
        in.append(", :v".repeat(100)).append(')');
        assertValidation("Invalid ConditionExpression: The IN operator is provided with too many operands; number "
                + "of operands: 101", () -> condition(in.toString(), ":v", n("1")));
    }

    // Developer Guide, "Document paths" (nested attribute depth limit 32, "Service, account, and table quotas");
    // redundant parentheses are refused.
    @Test
    void nestingDepthAndRedundantParentheses() {
        Expressions.projection("a" + ".b".repeat(31), attrs());
        assertValidation("Invalid ProjectionExpression: The document path has too many nesting levels; nesting "
                + "levels: 33", () -> Expressions.projection("a" + ".b".repeat(32), attrs()));
        assertValidation("Invalid ConditionExpression: The expression has redundant parentheses;",
                () -> condition("((a = :v))", ":v", n("1")));
        assertValidation("Invalid ConditionExpression: The expression has redundant parentheses;",
                () -> condition("((a)) = :v", ":v", n("1")));
        condition("((a = :v) AND (b = :v)) OR (a = :v)", ":v", n("1"));
    }

    // Developer Guide, "Update expressions": each clause once; operand types; overlapping and conflicting paths.
    @Test
    void updateParseErrors() {
        assertValidation("Invalid UpdateExpression: The \"SET\" section can only be used once in an update "
                + "expression;", () -> update("SET a = :v SET b = :v", ":v", n("1")));
        assertValidation("Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
                + "rewrite one of these paths; path one: [a], path two: [a, b]",
                () -> update("SET a = :v REMOVE a.b", ":v", n("1")));
        assertValidation("Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
                + "rewrite one of these paths; path one: [a], path two: [a]",
                () -> update("SET a = :v, a = :v", ":v", n("1")));
        assertValidation("Invalid UpdateExpression: Two document paths conflict with each other; must remove or "
                + "rewrite one of these paths; path one: [a, b], path two: [a, [1]]",
                () -> update("REMOVE a.b SET a[1] = :v", ":v", n("1")));
        assertValidation("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, "
                + "operand type: STRING", () -> update("ADD a :v", ":v", s("x")));
        assertValidation("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: "
                + "DELETE, operand type: NUMBER", () -> update("DELETE a :v", ":v", n("1")));
        assertValidation("Invalid UpdateExpression: Incorrect operand type for operator or function; operator or "
                + "function: +, operand type: S", () -> update("SET a = a + :v", ":v", s("x")));
        assertValidation("Invalid UpdateExpression: Incorrect operand type for operator or function; operator or "
                + "function: list_append, operand type: SS", () -> update("SET a = list_append(a, :v)",
                        ":v", ss("x")));
        assertValidation("Invalid UpdateExpression: Operator or function requires a document path; operator or "
                + "function: if_not_exists", () -> update("SET a = if_not_exists(:v, a)", ":v", l()));
        assertValidation("Invalid UpdateExpression: Invalid function name; function: if_not_exist",
                () -> update("SET a = if_not_exist(a, :v)", ":v", n("1")));
        assertValidation("Invalid ProjectionExpression: Two document paths overlap with each other; must remove or "
                + "rewrite one of these paths; path one: [a, b], path two: [a]",
                () -> Expressions.projection("a.b, a", attrs()));
    }

    // A value no expression references leaves the parse alone (the condition still means a = 1); the request as a
    // whole is refused for it afterwards, with DynamoDB's message naming the key.
    @Test
    void anUnusedValueLeavesTheParseAloneAndTheRequestCheckRefusesIt() {
        Map<String, Value> values = new LinkedHashMap<>();
        values.put(":v", n("1"));
        values.put(":unused", s("x"));
        ExpressionAttributes attributes = new ExpressionAttributes(null, values);
        Condition condition = Expressions.condition("a = :v", "FilterExpression", attributes);
        assertTrue(condition.test(Map.of("a", n("1"))));
        assertFalse(condition.test(Map.of("a", n("2"))));
        assertFalse(condition.test(Map.of("a", s("1"))));
        assertFalse(condition.test(Map.of()));
        assertValidation("Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}",
                attributes::checkAllUsed);
    }
}
