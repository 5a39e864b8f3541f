package io.callhook.worklist;

import java.time.Instant;

/**
 * An agent closed a worklist item by hand. It is a stored fact like a call: the item it names stays closed, and it
 * is a boundary at {@code at}: a miss after it opens a new item.
 *
 * @param itemKey the closed item's key within its line and number ({@link CallbackItem#key()})
 * @param reason  {@code wrong_number}, {@code resolved_elsewhere} or the agent's own words
 */
public record CallbackClosure(String itemKey, Instant at, String reason, String agent) {

    /** The reasons with a meaning of their own; any other non-blank text is accepted as the agent's words. */
    public static final String WRONG_NUMBER = "wrong_number";
    public static final String RESOLVED_ELSEWHERE = "resolved_elsewhere";

    /** The key of the item a miss after this closure opens. */
    public String nextKey() {
        return "x" + itemKey;
    }
}
