package io.callhook.agentapi;

import io.callhook.call.Direction;
import io.callhook.store.CallItems;
import java.time.Instant;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Before SnapStart takes its snapshot, reads a sample call item through the state model and renders it in both
 * protocols, so those classes are loaded and initialised in the snapshot. No I/O.
 */
final class SnapStartPriming implements Resource {

    private static final SnapStartPriming INSTANCE = new SnapStartPriming();

    private SnapStartPriming() {
    }

    static void register() {
        Core.getGlobalContext().register(INSTANCE);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        Map<String, AttributeValue> item = Map.of(
                CallItems.CALL_ID, AttributeValue.fromS("snapstart-priming"),
                CallItems.DIRECTION, AttributeValue.fromS(Direction.IN.wire()),
                CallItems.RINGING_AT, CallItems.time(Instant.EPOCH),
                "assignedTo", AttributeValue.fromS("priming"),
                "userData", AttributeValue.fromM(Map.of("k", AttributeValue.fromS("v"))));
        CallViews view = CallViews.of(item);
        JsonResponses.write(view.openReception("priming"));
        JsonResponses.write(view.genesys("", Instant.EPOCH));
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
    }
}
