package io.callhook.dynamodb;

import java.util.function.Consumer;

/** One write of a TransactWriteItems request: a put, an update, a delete or a condition check. */
public final class TransactWriteItem {

    private final Put put;
    private final Update update;
    private final Delete delete;
    private final ConditionCheck conditionCheck;

    private TransactWriteItem(Builder builder) {
        this.put = builder.put;
        this.update = builder.update;
        this.delete = builder.delete;
        this.conditionCheck = builder.conditionCheck;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Put put() {
        return put;
    }

    public Update update() {
        return update;
    }

    public Delete delete() {
        return delete;
    }

    public ConditionCheck conditionCheck() {
        return conditionCheck;
    }

    /** Sets the one write. */
    public static final class Builder {
        private Put put;
        private Update update;
        private Delete delete;
        private ConditionCheck conditionCheck;

        private Builder() {
        }

        public Builder put(Put put) {
            this.put = put;
            return this;
        }

        public Builder put(Consumer<Put.Builder> put) {
            return put(Requests.built(Put.builder(), put).build());
        }

        public Builder update(Update update) {
            this.update = update;
            return this;
        }

        public Builder update(Consumer<Update.Builder> update) {
            return update(Requests.built(Update.builder(), update).build());
        }

        public Builder delete(Delete delete) {
            this.delete = delete;
            return this;
        }

        public Builder delete(Consumer<Delete.Builder> delete) {
            return delete(Requests.built(Delete.builder(), delete).build());
        }

        public Builder conditionCheck(ConditionCheck conditionCheck) {
            this.conditionCheck = conditionCheck;
            return this;
        }

        public TransactWriteItem build() {
            return new TransactWriteItem(this);
        }
    }
}
