package io.callhook.agentapi;

import static io.callhook.agent.Requirement.EXISTS;
import static io.callhook.agent.Requirement.MINE;
import static io.callhook.agent.Requirement.MINE_OR_NOBODYS;
import static io.callhook.agent.Requirement.NOT_FINISHED;
import static io.callhook.agent.Requirement.NOT_HELD;
import static io.callhook.agent.Requirement.OUTBOUND;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.agent.Agent;
import io.callhook.agent.Requirement;
import io.callhook.call.AgentCall;
import io.callhook.call.AgentCallState;
import io.callhook.call.Direction;
import io.callhook.http.ApiRequest;
import io.callhook.http.FieldLimits;
import io.callhook.log.Log;
import io.callhook.metrics.Metrics;
import io.callhook.store.AgentCallStore.Change;
import io.callhook.store.AgentCallStore.Done;
import io.callhook.store.AgentCallStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * OpenReception's call protocol: {@code /call/list}, {@code /call/state}, {@code /call/pickup}, {@code /call/park},
 * {@code /call/transfer}, {@code /call/hangup}. An agent acts only on calls that are its own or nobody's yet;
 * another agent's call is a 403 {@code {"status":"forbidden","description":"Call|<call_id> belongs to <agent_id>"}}.
 */
final class OpenReceptionCalls {

    static final List<Requirement> PICKUP = List.of(EXISTS, MINE_OR_NOBODYS, NOT_FINISHED);
    static final List<Requirement> PARK = List.of(EXISTS, MINE, NOT_FINISHED, NOT_HELD);
    static final List<Requirement> HANGUP = List.of(EXISTS, MINE_OR_NOBODYS, NOT_FINISHED);
    static final List<Requirement> BRIDGE_DESTINATION = List.of(EXISTS, MINE, NOT_FINISHED, NOT_HELD, OUTBOUND);
    static final List<Requirement> BRIDGE_SOURCE = List.of(EXISTS, MINE_OR_NOBODYS, NOT_FINISHED);

    /** The most calls a pickup without {@code call_id} tries, oldest first, when other agents win them. */
    static final int PICKUP_ATTEMPTS = 10;

    private final AgentCallStore calls;
    /** The header that says how many calls a byte-bounded {@code /call/list} left out. */
    static final String OMITTED_HEADER = "x-callhook-omitted";

    private final Ownership owners;
    private final int maxResponseBytes;

    /** @param maxResponseBytes the largest {@code /call/list} answer, in bytes of JSON (it holds at least one call) */
    OpenReceptionCalls(AgentCallStore calls, Ownership owners, int maxResponseBytes) {
        this.calls = calls;
        this.owners = owners;
        this.maxResponseBytes = maxResponseBytes;
    }

    /**
     * {@code GET /call/list}: my calls that are not finished within the list window, and calls nobody has yet
     * that are waiting (ringing or queued, started ringing within the maximum ring age); longest waiting first.
     * At most {@code maxResponseBytes} of JSON: the calls that do not fit (the most recent) are left out and
     * counted in the {@value #OMITTED_HEADER} header; OpenReception's bare array has no room for a cursor.
     */
    APIGatewayV2HTTPResponse list(Agent me, Instant now) {
        Map<String, Map<String, Object>> shown = new LinkedHashMap<>();
        Map<String, Instant> started = new LinkedHashMap<>();
        List<AgentCall> mine = new ArrayList<>(calls.assignedTo(me, now));
        mine.addAll(calls.answeredUnderNameOf(me, now));
        for (AgentCall call : mine) {
            CallViews view = CallViews.of(call);
            shown.putIfAbsent(view.call.id(), view.openReception(me.id()));
            started.put(view.call.id(), view.call.startedAt());
        }
        for (CallViews view : waiting(me, now)) {
            if (!shown.containsKey(view.call.id())) {
                shown.put(view.call.id(), view.openReception(null));
                started.put(view.call.id(), view.call.startedAt());
            }
        }
        List<String> ids = new ArrayList<>(shown.keySet());
        ids.sort(Comparator.comparing((String id) -> started.get(id), Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Comparator.naturalOrder()));
        List<Map<String, Object>> entries = new ArrayList<>();
        long bytes = 1; // "[", then each entry with the "," or "]" after it: exactly the answer's length
        for (String id : ids) {
            Map<String, Object> entry = shown.get(id);
            int size = JsonResponses.write(entry).getBytes(StandardCharsets.UTF_8).length + 1;
            if (bytes + size > maxResponseBytes && !entries.isEmpty()) {
                break;
            }
            entries.add(entry);
            bytes += size;
        }
        APIGatewayV2HTTPResponse response = JsonResponses.json(200, entries);
        if (entries.size() < ids.size()) {
            response.setHeaders(Map.of("content-type", "application/json",
                    OMITTED_HEADER, Integer.toString(ids.size() - entries.size())));
        }
        return response;
    }

    /** {@code GET /call/state?call_id=}: {@code {"call": {...}}}, or 404. */
    APIGatewayV2HTTPResponse state(Agent me, ApiRequest request) {
        String callId = callId(request, "call_id", true);
        AgentCall call = calls.find(callId, me).orElseThrow(() -> doesNotExist(callId));
        return JsonResponses.json(200, Map.of("call", CallViews.of(call).openReception(owners.assigneeOf(call, me))));
    }

    /**
     * {@code POST /call/pickup[?call_id=]}: the call becomes mine (a parked call of mine is unparked). Without
     * {@code call_id}, the call that has waited longest among those nobody has.
     */
    APIGatewayV2HTTPResponse pickup(Agent me, ApiRequest request, Instant now) {
        String callId = callId(request, "call_id", false);
        if (callId == null) {
            return pickupNext(me, request, now);
        }
        try {
            AgentCall call = calls.update(callId, me, PICKUP, Change.PICKUP, now);
            logged("pickup", me, callId, request);
            return JsonResponses.json(200, CallViews.of(call).openReception(me.id()));
        } catch (AgentCallStore.Refused refused) {
            throw switch (refused.failed()) {
                case EXISTS -> doesNotExist(callId);
                case MINE_OR_NOBODYS -> AgentApiError.forbidden(callId, owners.ownerOf(refused.old(), me));
                default -> AgentApiError.openReception(409, "conflict", callId + " is no longer available: it is "
                        + CallViews.openReceptionState(refused.old().state()));
            };
        }
    }

    /** Calls nobody has that are ringing or queued and started ringing within the maximum ring age; oldest first. */
    private List<CallViews> waiting(Agent me, Instant now) {
        List<CallViews> waiting = new ArrayList<>(calls.nobodys(me, now).stream().map(CallViews::of)
                .filter(view -> view.state.isWaiting()).toList());
        waiting.sort(Comparator.comparing((CallViews v) -> v.call.startedAt(),
                Comparator.nullsLast(Comparator.naturalOrder())));
        return waiting;
    }

    private APIGatewayV2HTTPResponse pickupNext(Agent me, ApiRequest request, Instant now) {
        List<CallViews> waiting = waiting(me, now);
        for (CallViews candidate : waiting.subList(0, Math.min(PICKUP_ATTEMPTS, waiting.size()))) {
            try {
                AgentCall call = calls.update(candidate.call.id(), me, PICKUP, Change.PICKUP, now);
                logged("pickup", me, candidate.call.id(), request);
                return JsonResponses.json(200, CallViews.of(call).openReception(me.id()));
            } catch (AgentCallStore.Refused taken) {
                // another agent won this one, or it ended: try the next
            }
        }
        throw AgentApiError.openReception(404, "not found", "No call available to pick up");
    }

    /**
     * {@code POST /call/park[?call_id=]}: puts my current call (or the one named) on hold. Without {@code call_id}
     * it acts on my latest call that is talking or parked, so that a park sent again (after a timeout) finds the
     * call it parked: parking a call of mine that is already parked is answered as the first time.
     */
    APIGatewayV2HTTPResponse park(Agent me, ApiRequest request, Instant now) {
        String callId = callId(request, "call_id", false);
        if (callId == null) {
            callId = latestCall(me, now, view -> view.state.isTalking() || view.state == AgentCallState.PARKED)
                    .map(view -> view.call.id()).orElseThrow(OpenReceptionCalls::noCallToPark);
        }
        AgentCallStore.Outcome outcome;
        try {
            outcome = calls.updateOrRepeat(callId, me, PARK, Change.PARK, now, Done.HELD_BY_ME);
        } catch (AgentCallStore.Refused refused) {
            String owner = refused.requirement() == MINE ? owners.ownerOf(refused.old(), me) : null;
            if (owner != null && !owner.equals(me.id())) {
                throw AgentApiError.forbidden(callId, owner);
            }
            throw noCallToPark();
        }
        logged("park", me, callId, outcome.repeat(), request);
        return JsonResponses.json(200, orderedMap("status", "on hold", "description", callId + " was put on hold"));
    }

    /**
     * {@code GET|POST /call/transfer?source=}: bridges my current call (it must be outbound) with {@code source}
     * in one transaction; both calls get the other as {@code b_leg} and leave my hands.
     */
    APIGatewayV2HTTPResponse transfer(Agent me, ApiRequest request, Instant now) {
        String source = callId(request, "source", true);
        CallViews current = currentCall(me, now).orElseThrow(
                () -> AgentApiError.openReception(404, "not found", "No active call to transfer"));
        String destination = current.call.id();
        if (current.call.direction() != Direction.OUT) {
            throw AgentApiError.bridgeFailed("Cannot transfer to an inbound call.");
        }
        if (source.equals(destination)) {
            throw AgentApiError.bridgeFailed("Bad destination");
        }
        try {
            calls.bridge(me, destination, BRIDGE_DESTINATION, source, BRIDGE_SOURCE, now);
        } catch (AgentCallStore.BridgeRefused bridge) {
            AgentCallStore.Refused refused = bridge.refused();
            if (bridge.destination()) {
                throw switch (refused.failed()) {
                    case EXISTS, NOT_FINISHED -> AgentApiError.bridgeFailed(
                            "Destination hung up before process could complete");
                    case MINE -> forbiddenOrBad(destination, refused, me);
                    default -> AgentApiError.bridgeFailed("Bad destination");
                };
            }
            throw switch (refused.failed()) {
                case EXISTS -> doesNotExist(source);
                case MINE_OR_NOBODYS -> AgentApiError.forbidden(source, owners.ownerOf(refused.old(), me));
                default -> AgentApiError.bridgeFailed(ended(refused.old()) ? "Call on hold hung up"
                        : "Bad destination");
            };
        }
        Metrics.count(Metrics.AGENT_ACTIONS, "Operation", "transfer");
        Log.info("agent operation", "operation", "transfer", "agentId", me.id(), "callId", destination,
                "source", source, "requestId", request.requestId());
        String sourceCallee = calls.find(source, me).map(call -> call.call().to()).orElse(null);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("status", "success");
        response.put("source_call", bridged(source, sourceCallee));
        response.put("destination_call", bridged(destination, current.call.to()));
        return JsonResponses.json(200, response);
    }

    /**
     * {@code POST /call/hangup?call_id=}: hangs up a call that is mine or nobody's. A call I hung up already is
     * answered as the first time (a hangup sent again after a timeout).
     */
    APIGatewayV2HTTPResponse hangup(Agent me, ApiRequest request, Instant now) {
        String callId = callId(request, "call_id", true);
        AgentCallStore.Outcome outcome;
        try {
            outcome = calls.updateOrRepeat(callId, me, HANGUP, Change.HANGUP, now, Done.HUNG_UP_BY_ME);
        } catch (AgentCallStore.Refused refused) {
            if (refused.requirement() == MINE_OR_NOBODYS) {
                throw AgentApiError.forbidden(callId, owners.ownerOf(refused.old(), me));
            }
            throw AgentApiError.openReception(404, "not found", callId + " may already be hung up.");
        }
        logged("hangup", me, callId, outcome.repeat(), request);
        return JsonResponses.json(200, orderedMap("status", "ok", "description", callId + " hung up successfully."));
    }

    /**
     * My current call: the call of mine an agent is talking on (speaking or unparked), the latest to become
     * active if there are several. Mine means assigned to me, or answered under one of my names.
     */
    Optional<CallViews> currentCall(Agent me, Instant now) {
        return latestCall(me, now, view -> view.state.isTalking());
    }

    /**
     * Of my calls that pass {@code filter}, the one that became active (or was parked) last; on a tie, a talking
     * call before a parked one.
     */
    private Optional<CallViews> latestCall(Agent me, Instant now, Predicate<CallViews> filter) {
        List<AgentCall> candidates = new ArrayList<>(calls.assignedTo(me, now));
        candidates.addAll(calls.answeredUnderNameOf(me, now));
        return candidates.stream().map(CallViews::of).filter(filter)
                .max(Comparator.comparing(OpenReceptionCalls::becameActive)
                        .thenComparing(view -> view.state.isTalking()));
    }

    private static Instant becameActive(CallViews view) {
        Instant latest = view.call.startedAt() == null ? Instant.EPOCH : view.call.startedAt();
        for (Instant time : new Instant[] {view.actions.activeAt(), view.actions.assignedAt(),
                view.call.answeredAt(), view.actions.parkedAt()}) {
            if (time != null && time.isAfter(latest)) {
                latest = time;
            }
        }
        return latest;
    }

    private AgentApiError forbiddenOrBad(String callId, AgentCallStore.Refused refused, Agent me) {
        String owner = owners.ownerOf(refused.old(), me);
        return owner != null && !owner.equals(me.id()) ? AgentApiError.forbidden(callId, owner)
                : AgentApiError.bridgeFailed("Bad destination");
    }

    private static boolean ended(AgentCall call) {
        return call.call().endedAt() != null || call.actions().hungUpAt() != null;
    }

    private static Map<String, Object> bridged(String callId, String callee) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("call_id", callId);
        call.put("status", "bridged");
        call.put("type", "cm_id");
        call.put("callee", callee);
        return call;
    }

    /**
     * A call id from the query string.
     *
     * @return {@code null} when optional and absent
     */
    static String callId(ApiRequest request, String name, boolean required) {
        String value = request.queryParameter(name);
        if (value == null) {
            if (required) {
                throw AgentApiError.badRequest(name + " is required");
            }
            return null;
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > FieldLimits.MAX_CALL_ID_BYTES) {
            throw AgentApiError.badRequest(name + " is longer than " + FieldLimits.MAX_CALL_ID_BYTES + " bytes");
        }
        String problem = FieldLimits.unreadable(value, false);
        if (problem != null) {
            throw AgentApiError.badRequest(name + " " + problem);
        }
        return value;
    }

    static AgentApiError doesNotExist(String callId) {
        return AgentApiError.openReception(404, "not found", callId + " does not exist.");
    }

    private static AgentApiError noCallToPark() {
        return AgentApiError.openReception(404, "not found", "No call available to put on hold");
    }

    private static Map<String, Object> orderedMap(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    private static void logged(String operation, Agent me, String callId, ApiRequest request) {
        Metrics.count(Metrics.AGENT_ACTIONS, "Operation", operation);
        Log.info("agent operation", "operation", operation, "agentId", me.id(), "callId", callId,
                "requestId", request.requestId());
    }

    private static void logged(String operation, Agent me, String callId, boolean repeat, ApiRequest request) {
        Metrics.count(Metrics.AGENT_ACTIONS, "Operation", operation);
        Log.info("agent operation", "operation", operation, "agentId", me.id(), "callId", callId,
                "repeat", repeat, "requestId", request.requestId());
    }
}
