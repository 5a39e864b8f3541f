package io.callhook.engine.error;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error answered to the client in DynamoDB's shape: the {@code __type} the SDKs map to an exception class,
 * a message, and the HTTP status. Anything the engine refuses is one of these; nothing else reaches a client.
 */
public class DynamoException extends RuntimeException {

    private static final String PREFIX = "com.amazonaws.dynamodb.v20120810#";

    private final String type;
    private final int status;

    public DynamoException(String type, String message, int status) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
    }

    /** The short error name, e.g. {@code ValidationException}. */
    public String type() {
        return type;
    }

    /** The {@code __type} field as DynamoDB sends it. */
    public String wireType() {
        return PREFIX + type;
    }

    public int status() {
        return status;
    }

    /** The error body DynamoDB answers: {@code __type}, {@code message} and what the error type adds. */
    public ObjectNode body() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("__type", wireType());
        body.put("message", getMessage());
        addTo(body);
        return body;
    }

    protected void addTo(ObjectNode body) {
    }

    public static DynamoException validation(String message) {
        return new DynamoException("ValidationException", message, 400);
    }

    public static DynamoException serialization(String message) {
        return new DynamoException("SerializationException", message, 400);
    }

    public static DynamoException resourceNotFound(String message) {
        return new DynamoException("ResourceNotFoundException", message, 400);
    }

    public static DynamoException resourceInUse(String message) {
        return new DynamoException("ResourceInUseException", message, 400);
    }

    public static DynamoException unknownOperation(String target) {
        return new DynamoException("UnknownOperationException", "Unknown operation: " + target, 400);
    }

    public static DynamoException internal(String message) {
        return new DynamoException("InternalServerError", message, 500);
    }
}
