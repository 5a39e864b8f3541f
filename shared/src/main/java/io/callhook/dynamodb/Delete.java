package io.callhook.dynamodb;

import java.util.Map;

/** A transaction's delete. Null fields are left out of the request; named and shaped like the AWS SDK's. */
public final class Delete {

    private final String tableName;
    private final Map<String, AttributeValue> key;
    private final String conditionExpression;
    private final Map<String, String> expressionAttributeNames;
    private final Map<String, AttributeValue> expressionAttributeValues;
    private final ReturnValuesOnConditionCheckFailure returnValuesOnConditionCheckFailure;

    private Delete(Builder builder) {
        this.tableName = builder.tableName;
        this.key = Requests.copy(builder.key);
        this.conditionExpression = builder.conditionExpression;
        this.expressionAttributeNames = Requests.copy(builder.expressionAttributeNames);
        this.expressionAttributeValues = Requests.copy(builder.expressionAttributeValues);
        this.returnValuesOnConditionCheckFailure = builder.returnValuesOnConditionCheckFailure;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.tableName = tableName;
        builder.key = key;
        builder.conditionExpression = conditionExpression;
        builder.expressionAttributeNames = expressionAttributeNames;
        builder.expressionAttributeValues = expressionAttributeValues;
        builder.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure;
        return builder;
    }

    public String tableName() {
        return tableName;
    }

    public Map<String, AttributeValue> key() {
        return key;
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

    /** Sets the request's fields. */
    public static final class Builder {
        private String tableName;
        private Map<String, AttributeValue> key;
        private String conditionExpression;
        private Map<String, String> expressionAttributeNames;
        private Map<String, AttributeValue> expressionAttributeValues;
        private ReturnValuesOnConditionCheckFailure returnValuesOnConditionCheckFailure;

        private Builder() {
        }

        public Builder tableName(String tableName) {
            this.tableName = tableName;
            return this;
        }

        public Builder key(Map<String, AttributeValue> key) {
            this.key = key;
            return this;
        }

        public Builder conditionExpression(String conditionExpression) {
            this.conditionExpression = conditionExpression;
            return this;
        }

        public Builder expressionAttributeNames(Map<String, String> expressionAttributeNames) {
            this.expressionAttributeNames = expressionAttributeNames;
            return this;
        }

        public Builder expressionAttributeValues(Map<String, AttributeValue> expressionAttributeValues) {
            this.expressionAttributeValues = expressionAttributeValues;
            return this;
        }

        public Builder returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure onFailure) {
            this.returnValuesOnConditionCheckFailure = onFailure;
            return this;
        }

        public Delete build() {
            return new Delete(this);
        }
    }
}
