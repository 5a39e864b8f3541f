package io.callhook.dynamodb;

import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The pages of a Query or Scan, each fetched when the iteration reaches it (so a stream that stops early reads no
 * further page).
 *
 * @param <R> the page type
 */
public final class Pages<R extends ItemPage> implements Iterable<R> {

    private final Function<Map<String, AttributeValue>, R> fetch;

    /** {@code fetch} reads the page that starts after the given key (null: the first page). */
    Pages(Function<Map<String, AttributeValue>, R> fetch) {
        this.fetch = fetch;
    }

    @Override
    public Iterator<R> iterator() {
        return new Iterator<>() {
            private R last;

            @Override
            public boolean hasNext() {
                return last == null || last.hasLastEvaluatedKey();
            }

            @Override
            public R next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                last = fetch.apply(last == null ? null : last.lastEvaluatedKey());
                return last;
            }
        };
    }

    public Stream<R> stream() {
        return StreamSupport.stream(spliterator(), false);
    }

    /** Every item of every page, in order. */
    public Items items() {
        return new Items(this);
    }

    /** The items of all pages. */
    public static final class Items implements Iterable<Map<String, AttributeValue>> {
        private final Pages<?> pages;

        private Items(Pages<?> pages) {
            this.pages = pages;
        }

        @Override
        public Iterator<Map<String, AttributeValue>> iterator() {
            return stream().iterator();
        }

        public Stream<Map<String, AttributeValue>> stream() {
            return pages.stream().flatMap(page -> page.items().stream());
        }
    }
}
