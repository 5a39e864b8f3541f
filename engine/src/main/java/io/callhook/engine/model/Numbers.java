package io.callhook.engine.model;

import java.math.BigDecimal;

/**
 * DynamoDB's number rules: up to 38 significant digits, magnitudes from 1E-130 to under 1E+126, zero allowed.
 */
public final class Numbers {

    public static final int MAX_DIGITS = 38;
    private static final BigDecimal MAX = new BigDecimal("1E+126");
    private static final BigDecimal MIN = new BigDecimal("1E-130");

    private Numbers() {
    }

    /** Parses a number as DynamoDB accepts it, or throws {@link NumberFormatException} naming the problem. */
    public static BigDecimal parse(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new NumberFormatException("The parameter cannot be converted to a numeric value");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(trimmed);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("The parameter cannot be converted to a numeric value: " + text);
        }
        check(value);
        return normalise(value);
    }

    /** Throws when {@code value} lies outside what DynamoDB can store. */
    public static void check(BigDecimal value) {
        BigDecimal normalised = normalise(value);
        if (normalised.signum() == 0) {
            return;
        }
        if (normalised.precision() > MAX_DIGITS) {
            throw new NumberFormatException("Attempting to store more than 38 significant digits in a Number");
        }
        BigDecimal magnitude = normalised.abs();
        if (magnitude.compareTo(MAX) >= 0) {
            throw new NumberFormatException("Number overflow. Attempting to store a number with magnitude larger "
                    + "than supported range");
        }
        if (magnitude.compareTo(MIN) < 0) {
            throw new NumberFormatException("Number underflow. Attempting to store a number with magnitude smaller "
                    + "than supported range");
        }
    }

    /** Arithmetic result checked against DynamoDB's range; rounds to 38 digits as DynamoDB does not, so refuses. */
    public static BigDecimal checked(BigDecimal value) {
        check(value);
        return normalise(value);
    }

    public static BigDecimal normalise(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        return value.stripTrailingZeros();
    }

    /** The text DynamoDB answers for a number: plain notation, no trailing zeros. */
    public static String text(BigDecimal value) {
        return normalise(value).toPlainString();
    }

}
