package io.callhook.agentapi;

import static io.callhook.agent.Requirement.EXISTS;
import static io.callhook.agent.Requirement.FINISHED;
import static io.callhook.agent.Requirement.HELD;
import static io.callhook.agent.Requirement.MINE;
import static io.callhook.agent.Requirement.MINE_OR_NOBODYS;
import static io.callhook.agent.Requirement.NOT_FINISHED;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.agent.Agent;
import io.callhook.agent.Requirement;
import io.callhook.aws.AwsException;
import io.callhook.call.AgentCall;
import io.callhook.events.EventPublisher;
import io.callhook.http.ApiRequest;
import io.callhook.http.FieldLimits;
import io.callhook.http.HttpError;
import io.callhook.http.JsonBody;
import io.callhook.json.JsonNumber;
import io.callhook.log.Log;
import io.callhook.metrics.Metrics;
import io.callhook.store.AgentCallStore.Change;
import io.callhook.store.AgentCallStore.DataMap;
import io.callhook.store.AgentCallStore.Done;
import io.callhook.store.AgentCallStore;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Genesys Web Services-style call operations: {@code POST /api/v2/me/calls/{id}} with a JSON body naming an
 * {@code operationName}. Success is {@code {"statusCode": 0}}; a refusal is {@code {"statusCode": N,
 * "statusMessage": "..."}} with GWS's codes: 1 missing or invalid parameter (400), 2 not valid in the call's
 * current state (409), 3 forbidden (403), 4 internal error (503), 6 not found (404).
 *
 * <p>Changes to an active call are published as a {@code CallStateChangeMessage} ({@code AttachedDataChanged} for
 * user data, {@code StatusChange} for Hold, Retrieve and Hangup), GWS's message with the call's
 * {@code organizationId} beside it, as every event callhook publishes carries it. A disposition set on a released
 * call is kept for reporting in {@code dispositions} and published to nobody, as GWS does.
 */
final class GenesysCalls {

    static final String DETAIL_TYPE = "CallStateChangeMessage";
    /** The most user data keys a call carries; the most pairs one request attaches. */
    static final int MAX_USER_DATA_KEYS = 100;
    static final int MAX_PAIRS_PER_REQUEST = 50;
    static final int MAX_KEY_LENGTH = 256;

    static final List<Requirement> DATA_ON_ACTIVE = List.of(EXISTS, MINE_OR_NOBODYS, NOT_FINISHED);
    static final List<Requirement> DATA_ON_RELEASED = List.of(EXISTS, MINE_OR_NOBODYS, FINISHED);
    static final List<Requirement> HOLD = OpenReceptionCalls.PARK;
    static final List<Requirement> RETRIEVE = List.of(EXISTS, MINE, NOT_FINISHED, HELD);
    static final List<Requirement> HANGUP = OpenReceptionCalls.HANGUP;

    private static final List<String> OPERATIONS = List.of("SetCallDisposition", "AttachUserData",
            "UpdateUserData", "DeleteUserDataPair", "Hold", "Retrieve", "Hangup");

    private final AgentCallStore calls;
    private final Ownership owners;
    private final EventPublisher publisher;
    private final String defaultDispositionKey;

    GenesysCalls(AgentCallStore calls, Ownership owners, EventPublisher publisher, String defaultDispositionKey) {
        this.calls = calls;
        this.owners = owners;
        this.publisher = publisher;
        this.defaultDispositionKey = defaultDispositionKey;
    }

    APIGatewayV2HTTPResponse operate(Agent me, ApiRequest request, Instant now) {
        String callId = callIdOf(request);
        Map<String, Object> body = bodyOf(request);
        String operation = text(body, "operationName", true, FieldLimits.MAX_VALUE_BYTES);
        checkSameCall(body, callId);
        Context context = new Context(me, callId, operation, request, now);
        boolean repeat = false;
        switch (operation) {
            case "SetCallDisposition" -> setDisposition(context, body);
            case "AttachUserData" -> putUserData(context, body, true);
            case "UpdateUserData" -> putUserData(context, body, false);
            case "DeleteUserDataPair" -> deletePair(context, body);
            case "Hold" -> repeat = control(context, HOLD, Change.PARK, Done.HELD_BY_ME);
            case "Retrieve" -> repeat = control(context, RETRIEVE, Change.RETRIEVE, Done.RETRIEVED_BY_ME);
            case "Hangup" -> repeat = control(context, HANGUP, Change.HANGUP, Done.HUNG_UP_BY_ME);
            default -> throw invalid("operationName " + operation + " is not supported; use one of "
                    + String.join(", ", OPERATIONS));
        }
        Metrics.count(Metrics.AGENT_ACTIONS, "Operation", operation);
        Log.info("agent operation", "operation", operation, "agentId", me.id(), "callId", callId,
                "repeat", repeat, "requestId", request.requestId());
        return JsonResponses.json(200, Map.of("statusCode", 0));
    }

    private void setDisposition(Context context, Map<String, Object> body) {
        String disposition = text(body, "disposition", true, FieldLimits.MAX_VALUE_BYTES);
        String key = text(body, "dispositionKey", false, MAX_KEY_LENGTH);
        Map<String, String> entry = Map.of(key == null ? defaultDispositionKey : key, disposition);
        AgentCall call;
        try {
            call = calls.putEntries(context.callId, context.me, DATA_ON_ACTIVE, DataMap.USER_DATA, entry,
                    false, MAX_USER_DATA_KEYS);
        } catch (AgentCallStore.Refused refused) {
            if (refused.requirement() != NOT_FINISHED) {
                throw refusal(context, refused);
            }
            try {
                calls.putEntries(context.callId, context.me, DATA_ON_RELEASED, DataMap.DISPOSITIONS, entry,
                        false, MAX_USER_DATA_KEYS);
            } catch (AgentCallStore.Refused released) {
                throw refusal(context, released);
            }
            return;
        }
        publish(context, "AttachedDataChanged", call);
    }

    private void putUserData(Context context, Map<String, Object> body, boolean ifAbsent) {
        Object value = body.get("userData");
        if (value == null) {
            throw invalid("userData is required");
        }
        if (!(value instanceof Map<?, ?> pairs) || pairs.isEmpty()) {
            throw invalid("userData must be a JSON object with at least one key");
        }
        if (pairs.size() > MAX_PAIRS_PER_REQUEST) {
            throw invalid("userData has more than " + MAX_PAIRS_PER_REQUEST + " keys");
        }
        Map<String, String> entries = new TreeMap<>();
        pairs.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
                throw invalid("userData keys must be 1 to " + MAX_KEY_LENGTH + " characters");
            }
            if (FieldLimits.unreadable(key, false) != null) {
                throw invalid("userData keys may not hold control characters or lone surrogates");
            }
            entries.put(key, scalar(key, v));
        });
        AgentCall call;
        try {
            call = calls.putEntries(context.callId, context.me, DATA_ON_ACTIVE, DataMap.USER_DATA, entries,
                    ifAbsent, MAX_USER_DATA_KEYS);
        } catch (AgentCallStore.Refused refused) {
            throw refusal(context, refused);
        }
        publish(context, "AttachedDataChanged", call);
    }

    private void deletePair(Context context, Map<String, Object> body) {
        String key = text(body, "key", true, MAX_KEY_LENGTH);
        AgentCall call;
        try {
            call = calls.removeEntry(context.callId, context.me, DATA_ON_ACTIVE, DataMap.USER_DATA, key);
        } catch (AgentCallStore.Refused refused) {
            throw refusal(context, refused);
        }
        publish(context, "AttachedDataChanged", call);
    }

    /**
     * Hold, Retrieve or Hangup: one conditional write, then the notification. The same operation sent again by the
     * same agent once its effect is in place (a retry after a timeout or a 503) writes nothing and publishes the
     * call as it is again: at least once, consumers dedupe.
     *
     * @return whether the operation had been done before
     */
    private boolean control(Context context, List<Requirement> requirements, Change change, Done done) {
        AgentCallStore.Outcome outcome;
        try {
            outcome = calls.updateOrRepeat(context.callId, context.me, requirements, change, context.now, done);
        } catch (AgentCallStore.Refused refused) {
            throw refusal(context, refused);
        }
        publish(context, "StatusChange", outcome.call());
        return outcome.repeat();
    }

    /** The GWS error for a refused write, by the requirement the call failed. */
    private AgentApiError refusal(Context context, AgentCallStore.Refused refused) {
        if (refused.requirement() == null) {
            return AgentApiError.genesys(409, 2, "the call already holds " + MAX_USER_DATA_KEYS
                    + " keys; delete some first");
        }
        if (refused.requirement() == EXISTS) {
            return AgentApiError.genesys(404, 6, "call " + context.callId + " does not exist");
        }
        String owner = owners.ownerOf(refused.old(), context.me);
        if (owner != null && !owner.equals(context.me.id())) {
            return AgentApiError.genesys(403, 3, "Call|" + context.callId + " belongs to " + owner);
        }
        return AgentApiError.genesys(409, 2, context.operation + " is not valid for a call in state "
                + CallViews.genesysState(refused.old().state()));
    }

    /**
     * Publishes the call as it is after the write, with its organization at the top of the detail (where every
     * callhook event has it, for consumers' rules to route on). The write stands even if publishing fails
     * (EventBridge refusing, failing or unreachable); the caller is told to send the request again, which writes the
     * same values (or, for Hold, Retrieve and Hangup, finds them in place) and publishes again.
     */
    private void publish(Context context, String notificationType, AgentCall call) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("notificationType", notificationType);
        data.put("call", CallViews.of(call).genesys(baseUri(context.request), context.now));
        data.put("phoneNumber", context.me.phones().stream().sorted().findFirst().orElse(null));
        data.put("messageType", DETAIL_TYPE);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("data", data);
        message.put("channel", "/v2/me/calls");
        message.put("organizationId", call.call().organizationId());
        try {
            publisher.publish(DETAIL_TYPE, message);
        } catch (AwsException | EventPublisher.EventPublishException | UncheckedIOException e) {
            Log.error("notification not published", "operation", context.operation, "callId", context.callId,
                    "requestId", context.request.requestId(), "exception", e);
            throw AgentApiError.genesys(503, 4, "the change was saved but its notification could not be published;"
                    + " send the request again");
        }
    }

    private static String callIdOf(ApiRequest request) {
        String callId = request.pathParameter("id");
        if (callId == null) {
            String path = request.path();
            int at = path.lastIndexOf('/');
            callId = at < 0 ? null : URLDecoder.decode(path.substring(at + 1), StandardCharsets.UTF_8);
        }
        if (callId == null || callId.isBlank()) {
            throw invalid("the call id is required in the path: /api/v2/me/calls/{id}");
        }
        if (callId.getBytes(StandardCharsets.UTF_8).length > FieldLimits.MAX_CALL_ID_BYTES) {
            throw invalid("the call id is longer than " + FieldLimits.MAX_CALL_ID_BYTES + " bytes");
        }
        readable("the call id", callId, false);
        return callId;
    }

    /** The request's JSON object, with GWS's own messages for a body that is too large, empty or not one. */
    private static Map<String, Object> bodyOf(ApiRequest request) {
        try {
            return JsonBody.objectOfAnyType(request);
        } catch (HttpError e) {
            if (e.status() == 413) {
                throw AgentApiError.genesys(413, 1, "the body is larger than " + JsonBody.MAX_BODY_BYTES + " bytes");
            }
            throw invalid("the body must be a JSON object with operationName");
        }
    }

    /** A {@code callUri} or {@code callUuid} that names another call than the path is refused. */
    private static void checkSameCall(Map<String, Object> body, String callId) {
        String uuid = text(body, "callUuid", false, FieldLimits.MAX_VALUE_BYTES);
        if (uuid != null && !uuid.equals(callId)) {
            throw invalid("callUuid " + uuid + " does not match the call " + callId + " in the path");
        }
        String uri = text(body, "callUri", false, FieldLimits.MAX_VALUE_BYTES);
        if (uri != null) {
            String path;
            try {
                path = URI.create(uri).getPath();
            } catch (IllegalArgumentException e) {
                throw invalid("callUri is not a URI");
            }
            String last = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
            if (!last.equals(callId) || !path.contains("/calls/")) {
                throw invalid("callUri " + uri + " does not name the call " + callId + " in the path");
            }
        }
    }

    private static String text(Map<String, Object> body, String name, boolean required, int maxBytes) {
        Object value = body.get(name);
        if (value == null || (value instanceof String s && s.isBlank())) {
            if (required) {
                throw AgentApiError.genesys(400, 1, name + " is required");
            }
            return null;
        }
        if (!(value instanceof String text)) {
            throw invalid(name + " must be a string");
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw invalid(name + " is longer than " + maxBytes + " bytes");
        }
        readable(name, text, name.equals("disposition"));
        return text;
    }

    /** Refuses control characters (free text: other than tab, line feed, carriage return) and lone surrogates. */
    private static void readable(String name, String value, boolean freeText) {
        String problem = FieldLimits.unreadable(value, freeText);
        if (problem != null) {
            throw invalid(name + " " + problem);
        }
    }

    /**
     * A user data value: a string, number or boolean, kept as text. A number is written in plain decimal without
     * trailing zeros ({@code 1.50} is {@code "1.5"}); one beyond a double's range ({@code 1e400}) is refused, and so
     * is one whose plain text would be longer than a value may be ({@code 1e-999999999}).
     */
    private static String scalar(String key, Object value) {
        String text;
        if (value instanceof String s) {
            text = s;
            readable("userData value of " + key, text, true);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            text = value.toString();
        } else if (value instanceof JsonNumber number) {
            text = plain(key, number);
        } else {
            throw invalid("userData value of " + key + " must be a string, number or boolean");
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > FieldLimits.MAX_VALUE_BYTES) {
            throw invalid("userData value of " + key + " is longer than " + FieldLimits.MAX_VALUE_BYTES + " bytes");
        }
        return text;
    }

    private static String plain(String key, JsonNumber number) {
        if (!Double.isFinite(number.doubleValue())) {
            throw invalid("userData value of " + key + " must be a finite number");
        }
        BigDecimal decimal = new BigDecimal(number.toString()).stripTrailingZeros();
        long digits = decimal.scale() <= 0 ? (long) decimal.precision() - decimal.scale()
                : Math.max(decimal.precision(), decimal.scale() + 1L) + 1;
        if (digits > FieldLimits.MAX_VALUE_BYTES) {
            throw invalid("userData value of " + key + " is longer than " + FieldLimits.MAX_VALUE_BYTES + " bytes");
        }
        return decimal.toPlainString();
    }

    private static AgentApiError invalid(String message) {
        return AgentApiError.genesys(400, 1, message);
    }

    /** {@code https://host} as the client reached us, for the call's {@code uri}. */
    private static String baseUri(ApiRequest request) {
        String host = request.header("host");
        if (host == null) {
            return "";
        }
        String proto = request.header("x-forwarded-proto");
        return (proto == null ? "https" : proto) + "://" + host;
    }

    private record Context(Agent me, String callId, String operation, ApiRequest request, Instant now) {
    }
}
