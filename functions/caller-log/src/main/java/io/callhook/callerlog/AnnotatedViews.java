package io.callhook.callerlog;

import io.callhook.call.CallRecord;
import io.callhook.worklist.CallbackItem;
import io.callhook.call.MissSettings;
import io.callhook.call.MissedCall;
import io.callhook.contact.Annotations;
import io.callhook.json.JsonSizes;
import io.callhook.store.CallbackStore;
import io.callhook.store.Page;
import io.callhook.views.Views;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * The agents' answers with who is behind each number and agent name ({@link Annotations}): caller-log entries get
 * {@code fromContact}, {@code toContact}, {@code fromComment}, {@code toComment} and {@code answeredByName};
 * missed-call entries {@code fromContact} and {@code toContact}; worklist items {@code contact},
 * {@code claimedByName} and, in their {@code resolution} and {@code closure}, {@code agentName}. Events keep their
 * documented shape without them. Pure apart from the one lookup per page.
 */
final class AnnotatedViews {

    private AnnotatedViews() {
    }

    /** Caller-log entries of one organization. */
    static List<Map<String, Object>> log(Annotations.Lookup lookup, String organization, List<CallRecord> calls,
                                         MissSettings rules) {
        Annotations annotations = lookup.of(organization,
                calls.stream().flatMap(call -> Stream.of(call.from(), call.to())).toList(),
                calls.stream().map(CallRecord::answeredBy).toList());
        return calls.stream().map(call -> {
            Map<String, Object> view = Views.callLogEntry(call, rules);
            Map<String, Object> annotated = new LinkedHashMap<>();
            view.forEach((key, value) -> {
                annotated.put(key, value);
                if (key.equals("to")) {
                    annotated.put("fromContact", annotations.contact(call.from()));
                    annotated.put("toContact", annotations.contact(call.to()));
                    annotated.put("fromComment", annotations.comment(call.from()));
                    annotated.put("toComment", annotations.comment(call.to()));
                } else if (key.equals("answeredBy")) {
                    annotated.put("answeredByName", annotations.agentName(call.answeredBy()));
                }
            });
            return annotated;
        }).toList();
    }

    /** Missed-call entries of one organization. */
    static List<Map<String, Object>> missed(Annotations.Lookup lookup, String organization,
                                            List<MissedCall> entries) {
        Annotations annotations = lookup.of(organization,
                entries.stream().flatMap(entry -> Stream.of(entry.from(), entry.to())).toList(), List.of());
        return entries.stream().map(entry -> {
            Map<String, Object> annotated = new LinkedHashMap<>();
            Views.missedCall(entry).forEach((key, value) -> {
                annotated.put(key, value);
                if (key.equals("to")) {
                    annotated.put("fromContact", annotations.contact(entry.from()));
                    annotated.put("toContact", annotations.contact(entry.to()));
                }
            });
            return annotated;
        }).toList();
    }

    /** Worklist items of one organization, {@code waitingSeconds} to {@code now} ({@code null}: left out). */
    static List<Map<String, Object>> callbacks(Annotations.Lookup lookup, String organization,
                                               List<CallbackStore.Entry> entries, Instant now) {
        List<String> agents = new ArrayList<>();
        entries.forEach(entry -> {
            agents.add(entry.claimedBy());
            CallbackItem item = entry.item();
            if (item.resolution() != null) {
                agents.add(item.resolution().agent());
            }
            if (item.closure() != null) {
                agents.add(item.closure().agent());
            }
        });
        Annotations annotations = lookup.of(organization,
                entries.stream().map(entry -> entry.item().number()).toList(), agents);
        return entries.stream().map(entry -> callback(annotations, entry, now)).toList();
    }

    private static Map<String, Object> callback(Annotations annotations, CallbackStore.Entry entry, Instant now) {
        Map<String, Object> view = Views.callbackItem(entry.item(), entry.claimedBy(), entry.claimedAt(),
                now == null ? Instant.EPOCH : now);
        Map<String, Object> annotated = new LinkedHashMap<>();
        view.forEach((key, value) -> {
            if (key.equals("waitingSeconds") && now == null) {
                return;
            }
            annotated.put(key, value);
            if (key.equals("number")) {
                annotated.put("contact", annotations.contact(entry.item().number()));
            } else if (key.equals("claimedBy")) {
                annotated.put("claimedByName", annotations.agentName(entry.claimedBy()));
            }
        });
        for (String part : List.of("resolution", "closure")) {
            if (annotated.get(part) instanceof Map<?, ?> inner) {
                Map<String, Object> named = new LinkedHashMap<>();
                inner.forEach((key, value) -> {
                    named.put(String.valueOf(key), value);
                    if ("agent".equals(key)) {
                        named.put("agentName", annotations.agentName((String) value));
                    }
                });
                annotated.put(part, named);
            }
        }
        return annotated;
    }

    /** A page's annotated entries, and the token after the last of them. */
    record Fitted(List<Map<String, Object>> entries, String nextToken) {
    }

    /**
     * A page whose annotated entries fit {@code maxBytes} of JSON (the first always does): {@code read} reads a page
     * of at most its argument's entries (sized without annotations, so it may hold more bytes once annotated);
     * when the annotated page is too large, the page is read again with as many entries as fit, so its token
     * continues right after the last entry answered.
     */
    static <T> Fitted fitted(int limit, long maxBytes, IntFunction<Page<T>> read,
                             Function<List<T>, List<Map<String, Object>>> views) {
        Page<T> page = read.apply(limit);
        List<Map<String, Object>> entries = views.apply(page.items());
        int fits = 0;
        long bytes = 0;
        for (Map<String, Object> entry : entries) {
            bytes += JsonSizes.of(entry);
            if (fits > 0 && bytes > maxBytes) {
                break;
            }
            fits++;
        }
        if (fits < entries.size()) {
            page = read.apply(fits);
            entries = views.apply(page.items());
        }
        return new Fitted(entries, page.nextToken());
    }
}
