package io.callhook.eventbridge;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.callhook.aws.AwsJsonClient;
import io.callhook.aws.Retries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * EventBridge's {@code PutEvents} in its JSON protocol, one entry a request: the request body, the answer's first
 * refused entry, and an {@link AwsJsonClient} builder set up for EventBridge (signing name {@code events}, target
 * {@code AWSEvents}, JSON 1.1, the SDK's EventBridge retries: {@link Retries#standard()}).
 */
public final class PutEvents {

    public static final String OPERATION = "PutEvents";

    private static final JsonFactory JSON = new JsonFactory();

    private PutEvents() {
    }

    /** The builder of an {@link AwsJsonClient} for EventBridge (endpoint, region, credentials still to set). */
    public static AwsJsonClient.Builder protocol() {
        return AwsJsonClient.builder()
                .signingName("events")
                .targetPrefix("AWSEvents")
                .contentType("application/x-amz-json-1.1")
                .retries(Retries.standard());
    }

    /** The body of a {@code PutEvents} with one entry; {@code detail} is the event's JSON object as text. */
    public static byte[] request(String source, String detailType, String detail, String bus) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + detail.length());
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeArrayFieldStart("Entries");
            out.writeStartObject();
            out.writeStringField("Source", source);
            out.writeStringField("DetailType", detailType);
            out.writeStringField("Detail", detail);
            out.writeStringField("EventBusName", bus);
            out.writeEndObject();
            out.writeEndArray();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The first refused entry's error code when the answer's {@code FailedEntryCount} > 0 ("unknown" without one),
     * else null.
     *
     * @throws IOException an answer that is not the JSON expected
     */
    public static String refusal(byte[] answer) throws IOException {
        int failed = 0;
        String code = null;
        try (JsonParser in = JSON.createParser(answer)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String field = in.currentName();
                in.nextToken();
                if ("FailedEntryCount".equals(field)) {
                    failed = in.getIntValue();
                } else if ("Entries".equals(field)) {
                    while (in.nextToken() == JsonToken.START_OBJECT) {
                        while (in.nextToken() == JsonToken.FIELD_NAME) {
                            String entryField = in.currentName();
                            in.nextToken();
                            if ("ErrorCode".equals(entryField) && code == null) {
                                code = in.getValueAsString();
                            } else {
                                in.skipChildren();
                            }
                        }
                    }
                } else {
                    in.skipChildren();
                }
            }
        }
        return failed > 0 ? (code == null ? "unknown" : code) : null;
    }
}
