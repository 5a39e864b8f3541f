package io.callhook.agentapi;

import io.callhook.call.AgentActions;
import io.callhook.call.AgentCall;
import io.callhook.call.AgentCallState;
import io.callhook.call.CallRecord;
import io.callhook.call.Direction;
import io.callhook.contact.Annotations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A call read once and shown as each protocol's call object. Pure. */
final class CallViews {

    private static final List<String> DATA_OPERATIONS = List.of("AttachUserData", "UpdateUserData",
            "DeleteUserDataPair", "SetCallDisposition");

    final CallRecord call;
    final AgentActions actions;
    final AgentCallState state;

    private CallViews(AgentCall agentCall) {
        this.call = agentCall.call();
        this.actions = agentCall.actions();
        this.state = agentCall.state();
    }

    static CallViews of(AgentCall call) {
        return new CallViews(call);
    }

    /**
     * The OpenReception call object. Times are unix seconds as strings, like the protocol's {@code arrival_time};
     * absent values are {@code null}.
     *
     * @param assignedTo  the agent who has the call: an agent action's {@code assignedTo}, else the agent the
     *                    answering number names, else {@code null}
     * @param annotations the contacts of the call's numbers ({@code fromContact}, {@code toContact})
     */
    Map<String, Object> openReception(String assignedTo, Annotations annotations) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", call.id());
        object.put("state", openReceptionState(state));
        object.put("b_leg", actions.bLeg());
        object.put("inbound", call.direction() == null ? null : call.direction() == Direction.IN);
        object.put("destination", call.to());
        object.put("caller_id", call.from());
        object.put("fromContact", annotations.contact(call.from()));
        object.put("toContact", annotations.contact(call.to()));
        object.put("assigned_to", assignedTo);
        object.put("channel", call.id());
        object.put("organization_id", call.organizationId());
        object.put("arrival_time", seconds(call.startedAt()));
        object.put("answered_at", seconds(call.answeredAt()));
        return object;
    }

    /**
     * The GWS call resource, as in a {@code CallStateChangeMessage}: only fields callhook knows, every one always
     * present ({@code null} when unknown). The participant is the other party (the caller of an inbound call, the
     * callee of an outbound one).
     */
    Map<String, Object> genesys(String baseUri, Instant now) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", call.id());
        object.put("state", genesysState(state));
        object.put("callUuid", call.id());
        String other = call.direction() == Direction.OUT ? call.to() : call.from();
        if (other != null) {
            Map<String, Object> participant = new LinkedHashMap<>();
            participant.put("e164Number", other.startsWith("+") ? other : "");
            participant.put("formattedPhoneNumber", other);
            participant.put("phoneNumber", other);
            participant.put("digits", other.replaceAll("[^0-9]", ""));
            object.put("participants", List.of(participant));
        } else {
            object.put("participants", List.of());
        }
        object.put("dnis", call.to());
        object.put("ani", call.from());
        object.put("callType", call.direction() == null ? null
                : call.direction() == Direction.IN ? "Inbound" : "Outbound");
        object.put("capabilities", capabilities(state));
        object.put("userData", new TreeMap<>(actions.userData()));
        Instant start = call.startedAt();
        String duration = null;
        if (start != null) {
            Instant end = call.endedAt() != null ? call.endedAt()
                    : actions.hungUpAt() != null ? actions.hungUpAt() : now;
            duration = Long.toString(Math.max(0, Duration.between(start, end).getSeconds()));
        }
        object.put("duration", duration);
        object.put("uri", baseUri + "/api/v2/me/calls/" + call.id());
        object.put("path", "/calls/" + call.id());
        return object;
    }

    /** The operations this API accepts on a call in a state (for its owner). */
    static List<String> capabilities(AgentCallState state) {
        List<String> operations = new ArrayList<>();
        switch (genesysState(state)) {
            case "Established" -> operations.addAll(List.of("Hold", "Hangup"));
            case "Held" -> operations.addAll(List.of("Retrieve", "Hangup"));
            case "Ringing" -> operations.add("Hangup");
            default -> {
                return List.of("SetCallDisposition");
            }
        }
        operations.addAll(DATA_OPERATIONS);
        return operations;
    }

    /** The OpenReception call protocol's name of a state. */
    static String openReceptionState(AgentCallState state) {
        return switch (state) {
            case CREATED -> "created";
            case RINGING -> "ringing";
            case QUEUED -> "queued";
            case SPEAKING -> "speaking";
            case PARKED -> "parked";
            case UNPARKED -> "unparked";
            case TRANSFERRING -> "transferring";
            case TRANSFERRED -> "transferred";
            case HUNGUP -> "hungup";
        };
    }

    /** The Genesys Web Services call {@code state} of a state. */
    static String genesysState(AgentCallState state) {
        return switch (state) {
            case CREATED, RINGING, QUEUED -> "Ringing";
            case SPEAKING, UNPARKED -> "Established";
            case PARKED -> "Held";
            case TRANSFERRING, TRANSFERRED, HUNGUP -> "Released";
        };
    }

    private static String seconds(Instant instant) {
        return instant == null ? null : Long.toString(instant.getEpochSecond());
    }
}
