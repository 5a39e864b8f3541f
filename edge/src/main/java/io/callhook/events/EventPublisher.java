package io.callhook.events;

import java.util.Map;

/**
 * Publishes notifications about calls to whoever subscribes (EventBridge rules, ...). Implementations throw when
 * an event was not accepted; they never drop one silently.
 */
public interface EventPublisher {

    /**
     * Publishes one event.
     *
     * @param detailType what kind of event it is (EventBridge {@code detail-type})
     * @param detail     the event body, plain maps, lists, strings, numbers and booleans
     * @throws EventPublishException when the event was refused
     */
    void publish(String detailType, Map<String, Object> detail);

    /** The event was not accepted. The message names the failure and carries no event content. */
    final class EventPublishException extends RuntimeException {
        public EventPublishException(String message) {
            super(message, null, false, false);
        }

        public EventPublishException(String message, Throwable cause) {
            super(message, cause, false, true);
        }
    }
}
