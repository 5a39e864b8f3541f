package io.callhook.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callhook.engine.model.ValueJson;
import io.callhook.engine.model.Values;
import io.callhook.engine.request.Requests;
import io.callhook.engine.stream.StreamRecord;

/** Stream records in the shape GetRecords answers them. */
final class StreamRecords {

    private StreamRecords() {
    }

    static ObjectNode toJson(StreamRecord record, String viewType, String region) {
        ObjectNode node = Requests.object();
        node.put("eventID", Long.toHexString(record.sequenceNumber()) + "-" + Long.toHexString(
                record.createdAtMillis()));
        node.put("eventName", record.eventName());
        node.put("eventVersion", "1.1");
        node.put("eventSource", "aws:dynamodb");
        node.put("awsRegion", region);
        ObjectNode data = node.putObject("dynamodb");
        data.put("ApproximateCreationDateTime", record.createdAtMillis() / 1000);
        data.set("Keys", ValueJson.writeItem(record.keys()));
        long size = Values.itemSize(record.keys());
        if ((viewType.equals("NEW_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES")) && record.newImage() != null) {
            data.set("NewImage", ValueJson.writeItem(record.newImage()));
            size += Values.itemSize(record.newImage());
        }
        if ((viewType.equals("OLD_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES")) && record.oldImage() != null) {
            data.set("OldImage", ValueJson.writeItem(record.oldImage()));
            size += Values.itemSize(record.oldImage());
        }
        data.put("SequenceNumber", StreamOperations.sequenceText(record.sequenceNumber()));
        data.put("SizeBytes", size);
        data.put("StreamViewType", viewType);
        if (record.byTtl()) {
            node.putObject("userIdentity").put("Type", "Service").put("PrincipalId", "dynamodb.amazonaws.com");
        }
        return node;
    }
}
