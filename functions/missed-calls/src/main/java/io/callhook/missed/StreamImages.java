package io.callhook.missed;

import io.callhook.dynamodb.AttributeValue;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Converts a stream record's images (Lambda event types) into the attribute values the stores read. */
final class StreamImages {

    private StreamImages() {
    }

    static Map<String, AttributeValue> toItem(
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image) {
        if (image == null) {
            return null;
        }
        Map<String, AttributeValue> result = new HashMap<>();
        image.forEach((name, value) -> result.put(name, toItem(value)));
        return result;
    }

    static AttributeValue toItem(com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue v) {
        if (v.getS() != null) {
            return AttributeValue.fromS(v.getS());
        }
        if (v.getN() != null) {
            return AttributeValue.fromN(v.getN());
        }
        if (v.getBOOL() != null) {
            return AttributeValue.fromBool(v.getBOOL());
        }
        if (v.getSS() != null) {
            return AttributeValue.fromSs(v.getSS());
        }
        if (v.getNS() != null) {
            return AttributeValue.fromNs(v.getNS());
        }
        if (v.getM() != null) {
            return AttributeValue.fromM(toItem(v.getM()));
        }
        if (v.getL() != null) {
            List<AttributeValue> list = v.getL().stream().map(StreamImages::toItem).toList();
            return AttributeValue.fromL(list);
        }
        if (v.getB() != null) {
            return AttributeValue.fromB(bytes(v.getB()));
        }
        if (v.getBS() != null) {
            return AttributeValue.fromBs(v.getBS().stream().map(StreamImages::bytes).toList());
        }
        return AttributeValue.fromNul(true);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
