package io.callhook.dynamodb;

import java.util.Map;

/**
 * A transaction's update: {@link ConditionalWrite}'s fields, the key and the update expression; named and shaped
 * like the AWS SDK's.
 */
public final class Update extends ConditionalWrite {

    private final Map<String, AttributeValue> key;
    private final String updateExpression;

    private Update(Builder builder) {
        super(builder);
        this.key = Requests.copy(builder.key);
        this.updateExpression = builder.updateExpression;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Map<String, AttributeValue> key() {
        return key;
    }

    public String updateExpression() {
        return updateExpression;
    }

    /** Sets the request's fields. */
    public static final class Builder extends ConditionalWrite.Builder<Builder> {
        private Map<String, AttributeValue> key;
        private String updateExpression;

        private Builder() {
        }

        public Builder key(Map<String, AttributeValue> key) {
            this.key = key;
            return this;
        }

        public Builder updateExpression(String updateExpression) {
            this.updateExpression = updateExpression;
            return this;
        }

        public Update build() {
            return new Update(this);
        }
    }
}
