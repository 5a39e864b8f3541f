package io.callhook.dynamodb;

import java.util.Map;

/**
 * A transaction's put: {@link ConditionalWrite}'s fields and the item; named and shaped like the AWS SDK's.
 */
public final class Put extends ConditionalWrite {

    private final Map<String, AttributeValue> item;

    private Put(Builder builder) {
        super(builder);
        this.item = Requests.copy(builder.item);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Map<String, AttributeValue> item() {
        return item;
    }

    /** Sets the request's fields. */
    public static final class Builder extends ConditionalWrite.Builder<Builder> {
        private Map<String, AttributeValue> item;

        private Builder() {
        }

        public Builder item(Map<String, AttributeValue> item) {
            this.item = item;
            return this;
        }

        public Put build() {
            return new Put(this);
        }
    }
}
