package io.callhook.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callhook.engine.error.DynamoException;
import io.callhook.engine.model.ValueJson;
import java.util.List;
import java.util.stream.Collectors;

/** A transaction that was not applied, with one reason per action in request order. */
public final class TransactionCanceledException extends DynamoException {

    private final transient List<CancellationReason> reasons;

    public TransactionCanceledException(List<CancellationReason> reasons) {
        super("TransactionCanceledException", "Transaction cancelled, please refer cancellation reasons for specific "
                + "reasons [" + reasons.stream().map(CancellationReason::code).collect(Collectors.joining(", "))
                + "]", 400);
        this.reasons = List.copyOf(reasons);
    }

    public List<CancellationReason> reasons() {
        return reasons;
    }

    @Override
    protected void addTo(ObjectNode body) {
        ArrayNode array = body.putArray("CancellationReasons");
        for (CancellationReason reason : reasons) {
            ObjectNode node = array.addObject().put("Code", reason.code());
            if (reason.message() != null) {
                node.put("Message", reason.message());
            }
            if (reason.item() != null) {
                node.set("Item", ValueJson.writeItem(reason.item()));
            }
        }
    }
}
