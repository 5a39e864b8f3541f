package io.callhook.store;

import io.callhook.config.Environment;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import java.util.List;
import java.util.Map;

/**
 * The caller log's change markers: the number {@code log} on each organization's marker item of the missed-calls
 * table ({@code pk = mark#<organization>}, {@code sk = m}, beside the missed calls' {@code version}). Raised (one
 * plain {@code UpdateItem}, {@code ADD log 1}) by the caller-log marker's stream reader after calls of the
 * organization changed, and by the done routes after setting the flags; read strongly consistent by the caller log
 * before it answers ({@link ChangeMarkers}). Nothing else: a function that only raises markers needs this class
 * and the AWS client, not the missed-calls store.
 */
public final class CallLogMarkers {

    /** The variable naming the missed-calls table, which holds the markers. */
    public static final String TABLE_VARIABLE = DynamoMissedCallStore.TABLE_VARIABLE;

    private final ChangeMarkers markers;

    public CallLogMarkers(DynamoDbJsonClient dynamo, String table) {
        this.markers = new ChangeMarkers(dynamo, table);
    }

    /** The markers of {@code env}'s missed-calls table. */
    public static CallLogMarkers fromEnvironment(DynamoDbJsonClient dynamo, Environment env) {
        return new CallLogMarkers(dynamo, env.require(TABLE_VARIABLE));
    }

    /**
     * Raises the organization's caller-log marker by one (one write): call it after the changes it stands for were
     * written, so a reader that sees the new marker reads them. A repeated raise is harmless (a client reads the log
     * once more).
     */
    public void raise(String organization) {
        markers.raise(key(organization), List.of(DynamoMissedCallStore.LOG));
    }

    /** The organization's caller-log marker, read strongly consistent; {@code "0"} if never raised. */
    public String read(String organization) {
        return markers.read(key(organization), DynamoMissedCallStore.LOG);
    }

    /** The key of the organization's marker item. */
    static Map<String, AttributeValue> key(String organization) {
        return Map.of(DynamoMissedCallStore.PK, AttributeValue.fromS(DynamoMissedCallStore.MARK + organization),
                DynamoMissedCallStore.SK, AttributeValue.fromS("m"));
    }
}
