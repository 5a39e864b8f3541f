package io.callhook.dynamodb;

import java.util.Map;

/** A GetItem request. Null fields are left out of the request; named and shaped like the AWS SDK's. */
public final class GetItemRequest {

    private final String tableName;
    private final Map<String, AttributeValue> key;
    private final Boolean consistentRead;
    private final String projectionExpression;
    private final Map<String, String> expressionAttributeNames;

    private GetItemRequest(Builder builder) {
        this.tableName = builder.tableName;
        this.key = Requests.copy(builder.key);
        this.consistentRead = builder.consistentRead;
        this.projectionExpression = builder.projectionExpression;
        this.expressionAttributeNames = Requests.copy(builder.expressionAttributeNames);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.tableName = tableName;
        builder.key = key;
        builder.consistentRead = consistentRead;
        builder.projectionExpression = projectionExpression;
        builder.expressionAttributeNames = expressionAttributeNames;
        return builder;
    }

    public String tableName() {
        return tableName;
    }

    public Map<String, AttributeValue> key() {
        return key;
    }

    public Boolean consistentRead() {
        return consistentRead;
    }

    public String projectionExpression() {
        return projectionExpression;
    }

    public Map<String, String> expressionAttributeNames() {
        return expressionAttributeNames;
    }

    /** Sets the request's fields. */
    public static final class Builder {
        private String tableName;
        private Map<String, AttributeValue> key;
        private Boolean consistentRead;
        private String projectionExpression;
        private Map<String, String> expressionAttributeNames;

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

        public Builder consistentRead(Boolean consistentRead) {
            this.consistentRead = consistentRead;
            return this;
        }

        public Builder projectionExpression(String projectionExpression) {
            this.projectionExpression = projectionExpression;
            return this;
        }

        public Builder expressionAttributeNames(Map<String, String> expressionAttributeNames) {
            this.expressionAttributeNames = expressionAttributeNames;
            return this;
        }

        public GetItemRequest build() {
            return new GetItemRequest(this);
        }
    }
}
