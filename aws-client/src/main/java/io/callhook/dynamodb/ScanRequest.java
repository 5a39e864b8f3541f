package io.callhook.dynamodb;

/** A Scan request: {@link ItemRead}'s fields; named and shaped like the AWS SDK's. */
public final class ScanRequest extends ItemRead {

    private ScanRequest(Builder builder) {
        super(builder);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return copyInto(new Builder());
    }

    /** Sets the request's fields. */
    public static final class Builder extends ItemRead.Builder<Builder> {
        private Builder() {
        }

        public ScanRequest build() {
            return new ScanRequest(this);
        }
    }
}
