package io.callhook.dynamodb;

import java.util.Map;

/**
 * An UpdateItem request: {@link ConditionalWrite}'s fields, the key, the update expression and
 * what to return; named and shaped like the AWS SDK's.
 */
public final class UpdateItemRequest extends ConditionalWrite {

    private final Map<String, AttributeValue> key;
    private final String updateExpression;
    private final ReturnValue returnValues;

    private UpdateItemRequest(Builder builder) {
        super(builder);
        this.key = Requests.copy(builder.key);
        this.updateExpression = builder.updateExpression;
        this.returnValues = builder.returnValues;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return copyInto(new Builder()).key(key).updateExpression(updateExpression).returnValues(returnValues);
    }

    public Map<String, AttributeValue> key() {
        return key;
    }

    public String updateExpression() {
        return updateExpression;
    }

    public ReturnValue returnValues() {
        return returnValues;
    }

    /** Sets the request's fields. */
    public static final class Builder extends ConditionalWrite.Builder<Builder> {
        private Map<String, AttributeValue> key;
        private String updateExpression;
        private ReturnValue returnValues;

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

        public Builder returnValues(ReturnValue returnValues) {
            this.returnValues = returnValues;
            return this;
        }

        public UpdateItemRequest build() {
            return new UpdateItemRequest(this);
        }
    }
}
