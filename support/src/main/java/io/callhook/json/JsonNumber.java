package io.callhook.json;

/**
 * A JSON number as it was written: {@link #toString()} is its exact text ({@code 1.5e3} stays {@code 1.5e3},
 * {@code 1e400} stays {@code 1e400}), so a number sent for a text field (a PBX's numeric call id) keeps every digit.
 * Nothing is computed from the text unless a caller asks for a primitive value.
 */
public final class JsonNumber extends Number {

    private static final long serialVersionUID = 1L;

    private final String text;

    public JsonNumber(String text) {
        this.text = text;
    }

    /** Whether the text is an integer: no fraction and no exponent. */
    public boolean isInteger() {
        return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
    }

    @Override
    public double doubleValue() {
        return Double.parseDouble(text);
    }

    @Override
    public float floatValue() {
        return (float) doubleValue();
    }

    @Override
    public long longValue() {
        if (isInteger()) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return (long) doubleValue();
            }
        }
        return (long) doubleValue();
    }

    @Override
    public int intValue() {
        return (int) longValue();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonNumber number && number.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
