package io.callhook.dynamodb;

import java.util.Map;

/**
 * What a Query and a Scan share: table or index, filter, projection, the attribute names and values, page size,
 * where to start, consistency, and what to select. Null fields are left out of the request.
 */
public abstract class ItemRead {

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

    ItemRead(Builder<?> builder) {
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

    /** Copies these fields into {@code builder} (a request's {@code toBuilder}). */
    <B extends Builder<B>> B copyInto(B builder) {
        return builder.tableName(tableName).indexName(indexName).filterExpression(filterExpression)
                .projectionExpression(projectionExpression).expressionAttributeNames(expressionAttributeNames)
                .expressionAttributeValues(expressionAttributeValues).limit(limit)
                .exclusiveStartKey(exclusiveStartKey).consistentRead(consistentRead).select(select);
    }

    /**
     * Sets the shared fields; Query's builder adds its own.
     *
     * @param <B> the request's builder
     */
    public abstract static class Builder<B extends Builder<B>> {
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

        Builder() {
        }

        public B tableName(String tableName) {
            this.tableName = tableName;
            return self();
        }

        public B indexName(String indexName) {
            this.indexName = indexName;
            return self();
        }

        public B filterExpression(String filterExpression) {
            this.filterExpression = filterExpression;
            return self();
        }

        public B projectionExpression(String projectionExpression) {
            this.projectionExpression = projectionExpression;
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

        public B limit(Integer limit) {
            this.limit = limit;
            return self();
        }

        public B exclusiveStartKey(Map<String, AttributeValue> exclusiveStartKey) {
            this.exclusiveStartKey = exclusiveStartKey;
            return self();
        }

        public B consistentRead(Boolean consistentRead) {
            this.consistentRead = consistentRead;
            return self();
        }

        public B select(Select select) {
            this.select = select;
            return self();
        }

        public B select(String select) {
            return select(Select.valueOf(select));
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }
    }
}
