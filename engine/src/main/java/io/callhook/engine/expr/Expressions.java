package io.callhook.engine.expr;

/** STUB until the expression work merges. */
public final class Expressions {
    private Expressions() {
    }

    public static Condition condition(String text, String parameterName, ExpressionAttributes attributes) {
        throw new UnsupportedOperationException();
    }

    public static Update update(String text, ExpressionAttributes attributes) {
        throw new UnsupportedOperationException();
    }

    public static Projection projection(String text, ExpressionAttributes attributes) {
        throw new UnsupportedOperationException();
    }

    public static KeyCondition keyCondition(String text, ExpressionAttributes attributes) {
        throw new UnsupportedOperationException();
    }
}
