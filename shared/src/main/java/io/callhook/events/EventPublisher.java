package io.callhook.events;

import java.util.Map;

/**
 * Tells other systems what happened. Delivery is at least once: consumers deduplicate by the id the detail
 * carries (a missed call's {@code callId}).
 */
public interface EventPublisher {

    /**
     * Publishes one event with source {@code callhook}.
     *
     * @throws RuntimeException when the event was not accepted, so the caller can retry
     */
    void publish(String detailType, Map<String, Object> detail);
}
