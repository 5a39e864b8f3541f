package io.callhook.dynamodb;

import java.util.Map;

/** A Scan request. Null fields are left out of the request; named and shaped like the AWS SDK's. */
public final class ScanRequest {

    private final String tableName;
    private final String indexName;
    private final String filterExpression;
    private final String projectionExpression;
    private final Map<String, String> expressionAttributeNames;
    private final Map<String, AttributeValue> expressionAttributeValues;
    private final Integer limit;
    private final Map<String, AttributeValue> exclusiveStartKey;
    private final Boolean consistentRead;
    private final Select select;

    private ScanRequest(Builder builder) {
        this.tableName = builder.tableName;
        this.indexName = builder.indexName;
        this.filterExpression = builder.filterExpression;
        this.projectionExpression = builder.projectionExpression;
        this.expressionAttributeNames = Requests.copy(builder.expressionAttributeNames);
        this.expressionAttributeValues = Requests.copy(builder.expressionAttributeValues);
        this.limit = builder.limit;
        this.exclusiveStartKey = Requests.copy(builder.exclusiveStartKey);
        this.consistentRead = builder.consistentRead;
        this.select = builder.select;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.tableName = tableName;
        builder.indexName = indexName;
        builder.filterExpression = filterExpression;
        builder.projectionExpression = projectionExpression;
        builder.expressionAttributeNames = expressionAttributeNames;
        builder.expressionAttributeValues = expressionAttributeValues;
        builder.limit = limit;
        builder.exclusiveStartKey = exclusiveStartKey;
        builder.consistentRead = consistentRead;
        builder.select = select;
        return builder;
    }

    public String tableName() {
        return tableName;
    }

    public String indexName() {
        return indexName;
    }

    public String filterExpression() {
        return filterExpression;
    }

    public String projectionExpression() {
        return projectionExpression;
    }

    public Map<String, String> expressionAttributeNames() {
        return expressionAttributeNames;
    }

    public Map<String, AttributeValue> expressionAttributeValues() {
        return expressionAttributeValues;
    }

    public Integer limit() {
        return limit;
    }

    public Map<String, AttributeValue> exclusiveStartKey() {
        return exclusiveStartKey;
    }

    public Boolean consistentRead() {
        return consistentRead;
    }

    public Select select() {
        return select;
    }

    /** Sets the request's fields. */
    public static final class Builder {
        private String tableName;
        private String indexName;
        private String filterExpression;
        private String projectionExpression;
        private Map<String, String> expressionAttributeNames;
        private Map<String, AttributeValue> expressionAttributeValues;
        private Integer limit;
        private Map<String, AttributeValue> exclusiveStartKey;
        private Boolean consistentRead;
        private Select select;

        private Builder() {
        }

        public Builder tableName(String tableName) {
            this.tableName = tableName;
            return this;
        }

        public Builder indexName(String indexName) {
            this.indexName = indexName;
            return this;
        }

        public Builder filterExpression(String filterExpression) {
            this.filterExpression = filterExpression;
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

        public Builder expressionAttributeValues(Map<String, AttributeValue> expressionAttributeValues) {
            this.expressionAttributeValues = expressionAttributeValues;
            return this;
        }

        public Builder limit(Integer limit) {
            this.limit = limit;
            return this;
        }

        public Builder exclusiveStartKey(Map<String, AttributeValue> exclusiveStartKey) {
            this.exclusiveStartKey = exclusiveStartKey;
            return this;
        }

        public Builder consistentRead(Boolean consistentRead) {
            this.consistentRead = consistentRead;
            return this;
        }

        public Builder select(Select select) {
            this.select = select;
            return this;
        }

        public Builder select(String select) {
            return select(Select.valueOf(select));
        }

        public ScanRequest build() {
            return new ScanRequest(this);
        }
    }
}
