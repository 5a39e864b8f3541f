package io.callhook.dynamodb;

/**
 * A Query request: {@link ItemRead}'s fields, the key condition and the direction; named and shaped like the AWS
 * SDK's.
 */
public final class QueryRequest extends ItemRead {

    private final String keyConditionExpression;
    private final Boolean scanIndexForward;

    private QueryRequest(Builder builder) {
        super(builder);
        this.keyConditionExpression = builder.keyConditionExpression;
        this.scanIndexForward = builder.scanIndexForward;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return copyInto(new Builder()).keyConditionExpression(keyConditionExpression)
                .scanIndexForward(scanIndexForward);
    }

    public String keyConditionExpression() {
        return keyConditionExpression;
    }

    public Boolean scanIndexForward() {
        return scanIndexForward;
    }

    /** Sets the request's fields. */
    public static final class Builder extends ItemRead.Builder<Builder> {
        private String keyConditionExpression;
        private Boolean scanIndexForward;

        private Builder() {
        }

        public Builder keyConditionExpression(String keyConditionExpression) {
            this.keyConditionExpression = keyConditionExpression;
            return this;
        }

        public Builder scanIndexForward(Boolean scanIndexForward) {
            this.scanIndexForward = scanIndexForward;
            return this;
        }

        public QueryRequest build() {
            return new QueryRequest(this);
        }
    }
}
