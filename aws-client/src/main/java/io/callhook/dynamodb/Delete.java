package io.callhook.dynamodb;

import java.util.Map;

/**
 * A transaction's delete: {@link ConditionalWrite}'s fields and the key; named and shaped like the AWS SDK's.
 */
public final class Delete extends ConditionalWrite {

    private final Map<String, AttributeValue> key;

    private Delete(Builder builder) {
        super(builder);
        this.key = Requests.copy(builder.key);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Map<String, AttributeValue> key() {
        return key;
    }

    /** Sets the request's fields. */
    public static final class Builder extends ConditionalWrite.Builder<Builder> {
        private Map<String, AttributeValue> key;

        private Builder() {
        }

        public Builder key(Map<String, AttributeValue> key) {
            this.key = key;
            return this;
        }

        public Delete build() {
            return new Delete(this);
        }
    }
}
