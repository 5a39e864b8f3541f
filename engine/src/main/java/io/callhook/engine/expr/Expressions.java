package io.callhook.engine.expr;

import java.util.Set;

/**
 * Parses DynamoDB's expression language. Every method throws {@link io.callhook.engine.error.DynamoException} (a
 * ValidationException with DynamoDB's message) on an empty or over-long expression, a syntax error, a reserved word,
 * an undefined placeholder or an operand of the wrong type known at parse time. Placeholders an expression uses are
 * marked as used in the shared {@link ExpressionAttributes}. The results are immutable and can be evaluated any
 * number of times.
 */
public final class Expressions {

    private Expressions() {
    }

    /** A condition or filter; {@code parameterName} ("ConditionExpression", "FilterExpression") names it in errors. */
    public static Condition condition(String text, String parameterName, ExpressionAttributes attributes) {
        return new Parser(text, parameterName, attributes).condition();
    }

    /** The top-level attribute names a condition reads (a filter may not read key attributes in a Query). */
    public static Set<String> topLevelNames(Condition condition) {
        return Conditions.topLevelNames(condition);
    }

    public static Update update(String text, ExpressionAttributes attributes) {
        return new Parser(text, "UpdateExpression", attributes).update();
    }

    public static Projection projection(String text, ExpressionAttributes attributes) {
        return new Parser(text, "ProjectionExpression", attributes).projection();
    }

    /**
     * A key condition: equality on one attribute, optionally AND one sort-key condition ({@code =, <, <=, >, >=,
     * BETWEEN, begins_with}) in either order. See {@link KeyCondition#forSchema} for matching it to a key schema.
     */
    public static KeyCondition keyCondition(String text, ExpressionAttributes attributes) {
        return KeyConditions.of(new Parser(text, "KeyConditionExpression", attributes).condition());
    }
}
