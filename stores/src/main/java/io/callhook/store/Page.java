package io.callhook.store;

import java.util.List;

/**
 * One page of a list: its items and the token that continues it, {@code null} when nothing follows.
 *
 * @param nextToken opaque; send it back as {@code nextToken} for the next page
 */
public record Page<T>(List<T> items, String nextToken) {

    public Page {
        items = List.copyOf(items);
    }
}
