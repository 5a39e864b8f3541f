package io.callhook.dynamodb;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A TransactWriteItems request: up to 100 writes that succeed or fail together, and the client request token that
 * makes a retried attempt idempotent (DynamoDB answers a repeat of a committed transaction with success for ten
 * minutes instead of running it again). Without a token of its own the request gets a fresh UUID, as the AWS SDK
 * gives it; the client sends every attempt of one call with the same token.
 */
public final class TransactWriteItemsRequest {

    private final List<TransactWriteItem> transactItems;
    private final String clientRequestToken;

    private TransactWriteItemsRequest(Builder builder) {
        this.transactItems = builder.transactItems;
        this.clientRequestToken = builder.clientRequestToken;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<TransactWriteItem> transactItems() {
        return transactItems;
    }

    /** The token set on the request, or null: the client then sends a fresh UUID. */
    public String clientRequestToken() {
        return clientRequestToken;
    }

    /** Sets the writes. */
    public static final class Builder {
        private List<TransactWriteItem> transactItems = List.of();
        private String clientRequestToken;

        private Builder() {
        }

        public Builder transactItems(TransactWriteItem... items) {
            return transactItems(Arrays.asList(items));
        }

        public Builder transactItems(Collection<TransactWriteItem> items) {
            this.transactItems = List.copyOf(items);
            return this;
        }

        /** At most 36 characters; a repeat with another request body is refused (IdempotentParameterMismatch). */
        public Builder clientRequestToken(String clientRequestToken) {
            this.clientRequestToken = clientRequestToken;
            return this;
        }

        public TransactWriteItemsRequest build() {
            return new TransactWriteItemsRequest(this);
        }
    }
}
