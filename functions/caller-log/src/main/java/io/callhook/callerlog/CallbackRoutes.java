package io.callhook.callerlog;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.agent.Agent;
import io.callhook.contact.Annotations;
import io.callhook.contact.PhoneFormat;
import io.callhook.events.CallbackEvents;
import io.callhook.http.ApiRequest;
import io.callhook.http.EntityTags;
import io.callhook.http.HttpError;
import io.callhook.http.JsonBody;
import io.callhook.http.Responses;
import io.callhook.json.JsonSizes;
import io.callhook.log.Log;
import io.callhook.routing.PhoneNumbers;
import io.callhook.store.CallbackStore;
import io.callhook.store.UnknownCallbackException;
import io.callhook.views.Views;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The callback worklist's routes, for the agent's organization only (another organization's item answers as a
 * missing one): {@code GET /api/v1/callbacks?line=} (open items, oldest first miss first, paged),
 * {@code GET /api/v1/callbacks/summary?line=}, {@code GET /api/v1/callbacks/{itemId}} and
 * {@code POST /api/v1/callbacks/{itemId}/claim|release|close}.
 */
final class CallbackRoutes {

    static final Set<String> ROUTES = Set.of("GET /api/v1/callbacks", "GET /api/v1/callbacks/summary",
            "GET /api/v1/callbacks/{itemId}", "POST /api/v1/callbacks/{itemId}/claim",
            "POST /api/v1/callbacks/{itemId}/release", "POST /api/v1/callbacks/{itemId}/close");
    /** The longest item id and line accepted (an item id holds the line, the number and a call id). */
    static final int MAX_ID_BYTES = 4096;
    static final int MAX_LINE_BYTES = 1024;
    static final int MAX_REASON_BYTES = 500;
    /** The most items one filtered list page examines (its token then continues after them). */
    static final int MAX_EXAMINED = 1000;

    private final CallbackStore store;
    private final CallbackEvents events;
    private final Clock clock;
    private final int maxResponseBytes;
    private final Annotations.Lookup annotations;

    CallbackRoutes(CallbackStore store, CallbackEvents events, Clock clock, int maxResponseBytes,
                   Annotations.Lookup annotations) {
        this.annotations = annotations;
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.maxResponseBytes = maxResponseBytes;
    }

    APIGatewayV2HTTPResponse handle(String route, ApiRequest request, Agent agent) {
        return switch (route) {
            case "GET /api/v1/callbacks" -> list(request, agent);
            case "GET /api/v1/callbacks/summary" -> summary(request, agent);
            case "GET /api/v1/callbacks/{itemId}" -> view(agent, store.item(agent.organizationId(),
                    itemId(request)).orElseThrow(UnknownCallbackException::new));
            case "POST /api/v1/callbacks/{itemId}/claim" -> changed("claimed", agent,
                    store.claim(agent.organizationId(), itemId(request), agent.id(), clock.instant()));
            case "POST /api/v1/callbacks/{itemId}/release" -> changed("released", agent,
                    store.release(agent.organizationId(), itemId(request), agent.id()));
            default -> close(request, agent);
        };
    }

    /**
     * The open items of one line, or of every line without {@code line}, oldest first miss first, {@code number}
     * filtering by caller number (any spelling). Items carry timestamps, no ages, so an unchanged worklist is the
     * same answer: the tag is of the worklist's and the contacts' change markers (read first, one consistent read
     * each) and the request, and a matching {@code If-None-Match} is answered 304 without reading the items.
     */
    private APIGatewayV2HTTPResponse list(ApiRequest request, Agent agent) {
        String line = request.queryParameter("line");
        if (line != null && (line.isBlank() || line.getBytes(StandardCharsets.UTF_8).length > MAX_LINE_BYTES)) {
            throw HttpError.unprocessable("line must be 1 to " + MAX_LINE_BYTES + " bytes (or left out: every line)");
        }
        int limit = CallerLogHandler.limit(request.queryParameter("limit"));
        String token = CallerLogHandler.nextToken(request);
        String organization = agent.organizationId();
        String region = annotations.settings(organization).defaultRegion();
        String number = request.queryParameter("number");
        java.util.function.Predicate<CallbackStore.Entry> filter = entry -> true;
        if (number != null) {
            String e164 = PhoneFormat.e164(number, region);
            String normal = PhoneNumbers.normalise(number);
            if (e164 == null && normal == null) {
                throw HttpError.unprocessable("number must be a phone number (any spelling: +49 30 123, 030 123)");
            }
            filter = entry -> {
                String caller = entry.item().number();
                return caller != null && (e164 != null && e164.equals(PhoneFormat.e164(caller, region))
                        || normal != null && normal.equals(PhoneNumbers.normalise(caller)));
            };
        }
        java.util.function.Predicate<CallbackStore.Entry> test = filter;
        // the markers first: the answer read after them is at least as new as the tag it gets
        String marker = String.join("\n", store.changeMarker(organization), annotations.changeMarker(organization),
                organization, region, String.valueOf(line), String.valueOf(number), Integer.toString(limit),
                String.valueOf(token), Integer.toString(maxResponseBytes));
        return EntityTags.conditional(request, marker, () -> {
            AnnotatedViews.Fitted page = AnnotatedViews.fitted(limit, maxResponseBytes,
                    n -> store.open(organization, line, test, MAX_EXAMINED, n, maxResponseBytes,
                            entry -> JsonSizes.of(view(entry, Instant.EPOCH)), token),
                    entries -> AnnotatedViews.callbacks(annotations, organization, entries, null));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("line", line);
            body.put("items", page.entries());
            body.put("count", page.entries().size());
            body.put("nextToken", page.nextToken());
            return Responses.json(200, body);
        });
    }

    private APIGatewayV2HTTPResponse summary(ApiRequest request, Agent agent) {
        String line = line(request);
        Instant now = clock.instant();
        ZoneId zone = annotations.settings(agent.organizationId()).timeZone();
        LocalDate today = LocalDate.ofInstant(now, zone);
        CallbackStore.Summary summary = store.summary(agent.organizationId(), line, today, zone);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("line", line);
        body.put("day", today.toString());
        body.put("timeZone", zone.getId());
        body.put("openItems", summary.openItems());
        body.put("oldestWaitingSince", Views.iso(summary.oldestFirstMissedAt()));
        body.put("oldestWaitingSeconds", summary.oldestFirstMissedAt() == null ? null
                : Math.max(0, Duration.between(summary.oldestFirstMissedAt(), now).getSeconds()));
        body.put("resolvedToday", summary.resolvedToday());
        Map<String, Object> byHow = new LinkedHashMap<>();
        byHow.put("callback", summary.resolvedByHow().getOrDefault("callback", 0L));
        byHow.put("caller_called_again", summary.resolvedByHow().getOrDefault("caller_called_again", 0L));
        body.put("resolvedByHow", byHow);
        body.put("medianSecondsToCallback", summary.medianSecondsToCallback());
        return Responses.json(200, body);
    }

    private APIGatewayV2HTTPResponse close(ApiRequest request, Agent agent) {
        String itemId = itemId(request);
        Object reason = JsonBody.object(request).get("reason");
        if (!(reason instanceof String text) || text.isBlank()
                || text.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            throw HttpError.unprocessable("field reason is required: wrong_number, resolved_elsewhere or your own"
                    + " words (at most " + MAX_REASON_BYTES + " bytes)");
        }
        CallbackStore.Entry closed = store.close(agent.organizationId(), itemId, agent.id(), text.strip(),
                clock.instant());
        events.announce(closed.item().state().wire().equals(closed.announced()) ? List.of() : List.of(closed));
        return changed("closed", agent, closed);
    }

    private APIGatewayV2HTTPResponse changed(String what, Agent agent, CallbackStore.Entry entry) {
        Log.info("callback item " + what, "agent", agent.id(), "itemId", entry.item().id());
        return view(agent, entry);
    }

    private APIGatewayV2HTTPResponse view(Agent agent, CallbackStore.Entry entry) {
        return Responses.json(200, AnnotatedViews.callbacks(annotations, agent.organizationId(), List.of(entry),
                clock.instant()).get(0));
    }

    private static Map<String, Object> view(CallbackStore.Entry entry, Instant now) {
        return Views.callbackItem(entry.item(), entry.claimedBy(), entry.claimedAt(), now);
    }

    private static String itemId(ApiRequest request) {
        String id = request.pathParameter("itemId");
        if (id == null || id.isEmpty() || id.length() > MAX_ID_BYTES) {
            throw new UnknownCallbackException();
        }
        return id;
    }

    private static String line(ApiRequest request) {
        String line = request.queryParameter("line");
        if (line == null || line.isBlank() || line.getBytes(StandardCharsets.UTF_8).length > MAX_LINE_BYTES) {
            throw HttpError.unprocessable("line is required (at most " + MAX_LINE_BYTES + " bytes)");
        }
        return line;
    }
}
