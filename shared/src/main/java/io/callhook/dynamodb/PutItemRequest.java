package io.callhook.dynamodb;

import java.util.Map;

/** A PutItem request. Null fields are left out of the request; named and shaped like the AWS SDK's. */
public final class PutItemRequest {

    private final String tableName;
    private final Map<String, AttributeValue> item;
    private final String conditionExpression;
    private final Map<String, String> expressionAttributeNames;
    private final Map<String, AttributeValue> expressionAttributeValues;

    private PutItemRequest(Builder builder) {
        this.tableName = builder.tableName;
        this.item = Requests.copy(builder.item);
        this.conditionExpression = builder.conditionExpression;
        this.expressionAttributeNames = Requests.copy(builder.expressionAttributeNames);
        this.expressionAttributeValues = Requests.copy(builder.expressionAttributeValues);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String tableName() {
        return tableName;
    }

    public Map<String, AttributeValue> item() {
        return item;
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

    /** Sets the request's fields. */
    public static final class Builder {
        private String tableName;
        private Map<String, AttributeValue> item;
        private String conditionExpression;
        private Map<String, String> expressionAttributeNames;
        private Map<String, AttributeValue> expressionAttributeValues;

        private Builder() {
        }

        public Builder tableName(String tableName) {
            this.tableName = tableName;
            return this;
        }

        public Builder item(Map<String, AttributeValue> item) {
            this.item = item;
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

        public PutItemRequest build() {
            return new PutItemRequest(this);
        }
    }
}
