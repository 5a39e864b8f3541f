package io.callhook.cti;

import io.callhook.call.CallEvent;
import io.callhook.call.Direction;
import io.callhook.config.Environment;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.http.Responses;
import io.callhook.log.Log;
import io.callhook.config.CachedRoutingRules;
import io.callhook.routing.RoutingRules;
import io.callhook.store.DynamoRoutingStore;
import io.callhook.webhook.WebhookHandler.Accepted;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Zammad's answers to a {@code newCall}, from the integration's routing rules: an inbound call from a blocked caller
 * is answered {@code {"action":"reject","reason":"busy"}} and recorded flagged {@code blocked}; an outbound call
 * whose destination has a caller id (the longest matching prefix, else the default) is answered
 * {@code {"action":"dial","caller_id":...,"number":<to>}}; anything else {@code {}}. The rules come from
 * {@link CachedRoutingRules}: at most one read per integration and {@value #CACHE_SECONDS_VARIABLE} seconds.
 */
final class CallRouting {

    static final String CACHE_SECONDS_VARIABLE = "ROUTING_CACHE_SECONDS";
    static final long DEFAULT_CACHE_SECONDS = 30;
    /** Zammad's answer for a blocked caller, word for word. */
    static final String REJECT = "{\"action\":\"reject\",\"reason\":\"busy\"}";

    private final Function<String, RoutingRules> rules;

    CallRouting(Function<String, RoutingRules> rules) {
        this.rules = rules;
    }

    /** No routing: every call is accepted as it is. */
    static CallRouting none() {
        return new CallRouting(RoutingRules::none);
    }

    /** The routing table of {@code env} ({@value DynamoRoutingStore#TABLE_VARIABLE}), or none when it names none. */
    static CallRouting fromEnvironment(DynamoDbJsonClient dynamo, Environment env) {
        Optional<String> table = env.optional(DynamoRoutingStore.TABLE_VARIABLE);
        if (table.isEmpty()) {
            return none();
        }
        DynamoRoutingStore store = new DynamoRoutingStore(dynamo, table.get());
        Duration ttl = Duration.ofSeconds(env.optionalLong(CACHE_SECONDS_VARIABLE, DEFAULT_CACHE_SECONDS));
        return new CallRouting(new CachedRoutingRules(integration -> store.rules(integration, false), ttl)::of);
    }

    /** The event to store and Zammad's answer, for a {@code newCall}. */
    Accepted answer(CallEvent newCall) {
        RoutingRules routing = rules.apply(newCall.source());
        if (newCall.direction() == Direction.IN) {
            Optional<RoutingRules.Block> block = routing.blockFor(newCall.from());
            if (block.isPresent()) {
                // the entry is not logged: an exact entry is the caller's number
                Log.info("caller blocked", "source", newCall.source(), "callId", newCall.callId());
                return new Accepted(newCall.withBlocked(), Responses.of(200, "application/json", REJECT));
            }
        } else if (newCall.direction() == Direction.OUT) {
            Optional<String> callerId = routing.callerIdFor(newCall.to());
            if (callerId.isPresent()) {
                Map<String, Object> dial = new LinkedHashMap<>();
                dial.put("action", "dial");
                dial.put("caller_id", callerId.get());
                dial.put("number", newCall.to());
                return new Accepted(newCall, Responses.json(200, dial));
            }
        }
        return Accepted.ok(newCall);
    }
}
