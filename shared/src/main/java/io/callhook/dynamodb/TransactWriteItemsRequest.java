package io.callhook.dynamodb;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** A TransactWriteItems request: up to 100 writes that succeed or fail together. */
public final class TransactWriteItemsRequest {

    private final List<TransactWriteItem> transactItems;

    private TransactWriteItemsRequest(List<TransactWriteItem> transactItems) {
        this.transactItems = transactItems;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<TransactWriteItem> transactItems() {
        return transactItems;
    }

    /** Sets the writes. */
    public static final class Builder {
        private List<TransactWriteItem> transactItems = List.of();

        private Builder() {
        }

        public Builder transactItems(TransactWriteItem... items) {
            return transactItems(Arrays.asList(items));
        }

        public Builder transactItems(Collection<TransactWriteItem> items) {
            this.transactItems = List.copyOf(items);
            return this;
        }

        public TransactWriteItemsRequest build() {
            return new TransactWriteItemsRequest(transactItems);
        }
    }
}
