package io.callhook.engine.expr;

/**
 * Parses DynamoDB's expression language. Every method throws {@link io.callhook.engine.DynamoException} (a
 * ValidationException with DynamoDB's message) on a syntax error, a reserved word, an undefined placeholder or an
 * operand of the wrong type known at parse time.
 */
public final class Expressions {
    // CONTRACT (filled in by the expression work):
    // static Condition condition(String text, String parameterName, ExpressionAttributes attributes)
    //     parameterName is "ConditionExpression" or "FilterExpression" (used in error messages)
    // static Update update(String text, ExpressionAttributes attributes)
    // static Projection projection(String text, ExpressionAttributes attributes)
    // static KeyCondition keyCondition(String text, ExpressionAttributes attributes)

    private Expressions() {
    }
}
