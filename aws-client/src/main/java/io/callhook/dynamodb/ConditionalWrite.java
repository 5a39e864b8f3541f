package io.callhook.dynamodb;

import java.util.Map;

/**
 * What every write request shares (PutItem, UpdateItem and a transaction's put, update, delete and condition check):
 * the table, the condition with its attribute names and values, and what to return when the condition fails. Null
 * fields are left out of the request.
 */
public abstract class ConditionalWrite {

    private final String tableName;
    private final String conditionExpression;
    private final Map<String, String> expressionAttributeNames;
    private final Map<String, AttributeValue> expressionAttributeValues;
    private final ReturnValuesOnConditionCheckFailure returnValuesOnConditionCheckFailure;

    ConditionalWrite(Builder<?> builder) {
        this.tableName = builder.tableName;
        this.conditionExpression = builder.conditionExpression;
        this.expressionAttributeNames = Requests.copy(builder.expressionAttributeNames);
        this.expressionAttributeValues = Requests.copy(builder.expressionAttributeValues);
        this.returnValuesOnConditionCheckFailure = builder.returnValuesOnConditionCheckFailure;
    }

    public String tableName() {
        return tableName;
    }

    public String conditionExpression() {
        return conditionExpression;
    }

    public Map<String, String> expressionAttributeNames() {
        return expressionAttributeNames;
    }

    public Map<String, AttributeValue> expressionAttributeValues() {
        return expressionAttributeValues;
    }

    public ReturnValuesOnConditionCheckFailure returnValuesOnConditionCheckFailure() {
        return returnValuesOnConditionCheckFailure;
    }

    /** Copies these fields into {@code builder} (a request's {@code toBuilder}). */
    <B extends Builder<B>> B copyInto(B builder) {
        return builder.tableName(tableName).conditionExpression(conditionExpression)
                .expressionAttributeNames(expressionAttributeNames)
                .expressionAttributeValues(expressionAttributeValues)
                .returnValuesOnConditionCheckFailure(returnValuesOnConditionCheckFailure);
    }

    /**
     * Sets the shared fields; each request's builder adds its own.
     *
     * @param <B> the request's builder
     */
    public abstract static class Builder<B extends Builder<B>> {
        private String tableName;
        private String conditionExpression;
        private Map<String, String> expressionAttributeNames;
        private Map<String, AttributeValue> expressionAttributeValues;
        private ReturnValuesOnConditionCheckFailure returnValuesOnConditionCheckFailure;

        Builder() {
        }

        public B tableName(String tableName) {
            this.tableName = tableName;
            return self();
        }

        public B conditionExpression(String conditionExpression) {
            this.conditionExpression = conditionExpression;
            return self();
        }

        public B expressionAttributeNames(Map<String, String> expressionAttributeNames) {
            this.expressionAttributeNames = expressionAttributeNames;
            return self();
        }

        public B expressionAttributeValues(Map<String, AttributeValue> expressionAttributeValues) {
            this.expressionAttributeValues = expressionAttributeValues;
            return self();
        }

        public B returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure onFailure) {
            this.returnValuesOnConditionCheckFailure = onFailure;
            return self();
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }
    }
}
