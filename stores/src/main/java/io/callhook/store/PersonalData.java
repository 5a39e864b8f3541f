package io.callhook.store;

import io.callhook.dynamodb.AttributeValue;
import io.callhook.privacy.NumberMatcher;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One table's part of a person's data: what it holds about a phone number in one organization, found page by page,
 * and its removal. Erasure and export go through every {@link PersonalDataSources} member, so a new table that
 * stores numbers (the contacts directory) joins both by adding its implementation there.
 *
 * <p>Guarantees of every implementation: {@link #find} reads, never writes, and a page's {@code cursor} continues
 * after it ({@code null}: the last page); {@link #erase} is idempotent (running it again, or on a page found again,
 * removes nothing more and fails nothing), so a job may repeat any step after a failure.
 */
public interface PersonalData {

    /** The table's name in reports and exports ({@code calls}, {@code missedCalls}, ...). */
    String name();

    /**
     * One page of the items about {@code number} in {@code organization}.
     *
     * @param until  only items of calls callhook first heard of up to this time (an erasure's time); {@code null}:
     *               all
     * @param cursor where the previous page ended, {@code null} at the start
     */
    Found find(String organization, NumberMatcher number, Instant until, String cursor);

    /**
     * Removes (or, where the table must keep an item, strips of the number) what {@link #find} found; answers how
     * many items it changed.
     *
     * @param erasedAt the erasure's time, kept by tombstones
     */
    int erase(String organization, NumberMatcher number, Found found, Instant erasedAt);

    /**
     * A page: the items as stored (what an export shows) and where the next page starts ({@code null}: none).
     * {@code read} counts the items read to find them (a job's progress).
     */
    record Found(List<Map<String, AttributeValue>> items, String cursor, int read) {
    }
}
