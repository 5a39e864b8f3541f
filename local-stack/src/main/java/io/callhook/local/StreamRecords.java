package io.callhook.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Stream records as Lambda delivers them: an SDK {@link Record} read from the stream becomes a
 * {@link DynamodbEvent.DynamodbStreamRecord} ({@code eventVersion} "1.1", {@code eventSource} "aws:dynamodb", the
 * region, the stream ARN, keys and images as the events library's attribute values), and its JSON form is the one
 * the Lambda runtime's serializer writes, which is also what filter patterns see.
 */
final class StreamRecords {

    /** One record on its way to the function: the event object, its JSON form, and its place in the stream. */
    record Polled(DynamodbEvent.DynamodbStreamRecord record, Map<String, Object> json, String sequenceNumber,
                  Instant createdAt) {
    }

    private static final PojoSerializer<DynamodbEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, StreamRecords.class.getClassLoader());

    private StreamRecords() {
    }

    static Polled poll(Record record, String streamArn, String region) {
        DynamodbEvent.DynamodbStreamRecord lambda = toLambda(record, streamArn, region);
        Instant created = record.dynamodb().approximateCreationDateTime();
        return new Polled(lambda, jsonOf(lambda), record.dynamodb().sequenceNumber(),
                created == null ? Instant.now() : created);
    }

    static DynamodbEvent.DynamodbStreamRecord toLambda(Record record, String streamArn, String region) {
        DynamodbEvent.DynamodbStreamRecord out = new DynamodbEvent.DynamodbStreamRecord();
        out.setEventID(record.eventID());
        out.setEventName(record.eventNameAsString());
        out.setEventVersion("1.1");
        out.setEventSource("aws:dynamodb");
        out.setAwsRegion(region);
        out.setEventSourceARN(streamArn);
        if (record.userIdentity() != null) {
            out.setUserIdentity(new Identity().withPrincipalId(record.userIdentity().principalId())
                    .withType(record.userIdentity().type()));
        }
        software.amazon.awssdk.services.dynamodb.model.StreamRecord in = record.dynamodb();
        StreamRecord stream = new StreamRecord();
        if (in.approximateCreationDateTime() != null) {
            stream.setApproximateCreationDateTime(Date.from(in.approximateCreationDateTime()));
        }
        if (in.hasKeys()) {
            stream.setKeys(convert(in.keys()));
        }
        if (in.hasNewImage()) {
            stream.setNewImage(convert(in.newImage()));
        }
        if (in.hasOldImage()) {
            stream.setOldImage(convert(in.oldImage()));
        }
        stream.setSequenceNumber(in.sequenceNumber());
        stream.setSizeBytes(in.sizeBytes());
        if (in.streamViewTypeAsString() != null) {
            stream.setStreamViewType(StreamViewType.fromValue(in.streamViewTypeAsString()));
        }
        out.setDynamodb(stream);
        return out;
    }

    static Map<String, AttributeValue> convert(
            Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        Map<String, AttributeValue> converted = new LinkedHashMap<>();
        item.forEach((name, value) -> converted.put(name, convert(value)));
        return converted;
    }

    /** An SDK v2 attribute value as the events library's, type for type. */
    static AttributeValue convert(software.amazon.awssdk.services.dynamodb.model.AttributeValue value) {
        return switch (value.type()) {
            case S -> new AttributeValue().withS(value.s());
            case N -> new AttributeValue().withN(value.n());
            case B -> new AttributeValue().withB(value.b().asByteBuffer());
            case SS -> new AttributeValue().withSS(value.ss());
            case NS -> new AttributeValue().withNS(value.ns());
            case BS -> new AttributeValue().withBS(value.bs().stream().map(b -> b.asByteBuffer()).toList());
            case M -> new AttributeValue().withM(convert(value.m()));
            case L -> new AttributeValue().withL(value.l().stream().map(StreamRecords::convert).toList());
            case BOOL -> new AttributeValue().withBOOL(value.bool());
            case NUL -> new AttributeValue().withNULL(value.nul());
            case UNKNOWN_TO_SDK_VERSION -> throw new IllegalArgumentException("attribute value of unknown type");
        };
    }

    /** The event Lambda sends for these records, as JSON. */
    static String eventJson(List<Polled> batch) {
        return LocalJson.write(Map.of("Records", batch.stream().map(Polled::json).toList()));
    }

    private static Map<String, Object> jsonOf(DynamodbEvent.DynamodbStreamRecord record) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(record));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SERIALIZER.toJson(event, out);
        Map<String, Object> json = LocalJson.parseObject(out.toString(StandardCharsets.UTF_8));
        return LocalJson.object(LocalJson.list(json.get("Records")).get(0));
    }
}
