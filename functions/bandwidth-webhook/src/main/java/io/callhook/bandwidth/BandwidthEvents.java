package io.callhook.bandwidth;

import io.callhook.call.CallEvent;
import io.callhook.http.FieldLimits;
import io.callhook.http.Fields;
import io.callhook.http.HttpError;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Translates a Bandwidth callback, from either API generation, into a canonical {@link CallEvent}.
 *
 * <p>Which API sent it is told from the fields, never from configuration: the Voice API (v2) sends
 * {@code eventTime}, {@code accountId} and {@code callUrl}; Catapult (v1) sends {@code time}, {@code callState} and
 * URLs spelled {@code ...Uri}. A v2 body may be recognised by {@code startTime} alone, but a v1 recording event
 * also carries {@code startTime} next to its {@code recordingUri}, so the v1 fields decide first. A body that is
 * neither, or mixes both, is refused with 422.
 */
public final class BandwidthEvents {

    private static final List<String> V1_FIELDS = List.of("time", "callUri", "callState");
    private static final List<String> V2_FIELDS = List.of("eventTime", "accountId", "callUrl");

    /** The Bandwidth API generations callhook accepts. */
    public enum Api {
        /** Catapult ({@code api.catapult.inetwork.com/v1}): JSON POST, or GET with query parameters. */
        CATAPULT_V1,
        /** The Voice API ({@code voice.bandwidth.com/api/v2}): JSON POST; BXML callbacks may use GET. */
        VOICE_V2
    }

    /** A translated callback and the API that sent it, which decides the answer Bandwidth expects. */
    public record Translated(Api api, CallEvent event) {
    }

    private BandwidthEvents() {
    }

    /**
     * Translates one callback.
     *
     * @throws HttpError 422 when the body is not a Bandwidth callback, has no {@code callId} or {@code eventType},
     *                   or carries an unreadable value in a field that becomes a fact
     */
    public static Translated translate(Fields fields, String source, Instant receivedAt) {
        Api api = apiOf(fields);
        CallEvent event = switch (api) {
            case CATAPULT_V1 -> CatapultEvents.translate(fields, source, receivedAt);
            case VOICE_V2 -> VoiceEvents.translate(fields, source, receivedAt);
        };
        return new Translated(api, event);
    }

    /** Which API sent a callback, from the fields only. */
    public static Api apiOf(Fields fields) {
        boolean v1 = V1_FIELDS.stream().anyMatch(name -> fields.first(name) != null)
                || fields.names().stream().anyMatch(name -> name.endsWith("Uri") && fields.first(name) != null);
        boolean v2 = V2_FIELDS.stream().anyMatch(name -> fields.first(name) != null);
        if (v1 && v2) {
            throw HttpError.unprocessable("body mixes Bandwidth v1 (Catapult) fields (time, callState, callUri) "
                    + "with v2 (Voice API) fields (eventTime, accountId, callUrl); send one or the other");
        }
        if (v1) {
            return Api.CATAPULT_V1;
        }
        if (v2 || fields.first("startTime") != null) {
            return Api.VOICE_V2;
        }
        throw HttpError.unprocessable("not a Bandwidth callback: expected v1 (Catapult) fields time, callState or "
                + "callUri, or v2 (Voice API) fields eventTime, accountId or startTime");
    }

    /**
     * Query parameters of a GET callback. Bandwidth writes E.164 numbers and offsets with a literal {@code +},
     * which form decoding turns into a space; in numbers and times a space cannot be meant, so it is put back.
     */
    public static Fields fromQuery(Fields query) {
        Set<String> plusFields = Set.of("from", "to", "transferCallerId", "transferTo",
                "time", "eventTime", "startTime", "answerTime", "endTime");
        Fields.Builder builder = Fields.builder();
        for (String name : query.names()) {
            for (String value : query.all(name)) {
                builder.add(name, plusFields.contains(name) ? value.replace(' ', '+') : value);
            }
        }
        return builder.build();
    }

    static String eventType(Fields fields) {
        String value = fields.first("eventType");
        if (value == null) {
            throw HttpError.unprocessable("field eventType is required");
        }
        return FieldLimits.limited("eventType", value, FieldLimits.MAX_VALUE_BYTES);
    }

    /** A provider time, {@code null} when absent; 422 when present and not an ISO-8601 date-time. */
    static Instant time(Fields fields, String name) {
        String value = FieldLimits.optional(fields, name);
        if (value == null) {
            return null;
        }
        return BandwidthTime.parse(value).orElseThrow(() -> HttpError.unprocessable("field " + name
                + " must be an ISO-8601 date-time such as 2012-11-14T15:56:12.636Z"));
    }
}
