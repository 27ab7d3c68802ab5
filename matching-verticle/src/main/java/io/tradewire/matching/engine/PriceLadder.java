package io.tradewire.matching.engine;

import java.util.Map;
import java.util.TreeMap;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * A sorted set of entries by {@code long} key (price levels by their price in ticks), without boxing, for keys
 * that cluster the way the prices of an order book do. Not thread-safe.
 *
 * <p>Structure: keys are cut into pages of {@link #SLOTS} consecutive keys; a page holds its entries in an array
 * indexed by the low bits of the key and a bitmap of the occupied slots. Only pages holding at least one key exist:
 * they are found by page number in a primitive hash map and linked to their neighbours in key order. The entries are
 * intrusive: each {@link Entry} carries its key and, while it is in the ladder, its page, so that removing an entry and
 * stepping from it to the next key above or below ({@link #higher}, {@link #lower}) need no lookup at all. So
 * {@link #get} and {@link #put} of a key whose page exists are O(1) (one primitive hash lookup, skipped when the page
 * is in a small direct-mapped cache of recently used pages), {@link #remove} is O(1), and a step is a scan of at
 * most {@value #WORDS} bitmap words plus one hop to the neighbouring page. Creating or dropping a page (the first
 * key put in it, the last removed) also updates a {@link TreeMap} of the pages, O(log pages): only then is the order
 * of pages looked up.
 *
 * <p>Memory: about {@code 4 × SLOTS} bytes per existing page (compressed references), so it stays small while keys
 * are dense (the levels near the top of a book) and costs about one page per key when every key is in its own page
 * (levels {@link #SLOTS} or more ticks apart).
 *
 * <p>Why not a library: the primitive collections in reach (Agrona, Eclipse Collections) have hash maps but no
 * primitive sorted map; {@code TreeMap<Long, V>} boxes every key and compares through the comparator on every step,
 * which was most of the order book's time.
 *
 * @param <V> the entries: each in at most one ladder at a time
 */
final class PriceLadder<V extends PriceLadder.Entry> {
    /** Bits of the key that select the slot within its page. */
    static final int SHIFT = 8;
    /** Consecutive keys per page. */
    static final int SLOTS = 1 << SHIFT;
    private static final int MASK = SLOTS - 1;
    /** Pages remembered by the low bits of their number, so that a book's few busy pages are found without hashing. */
    private static final int CACHED_PAGES = 16;
    /** 64-bit bitmap words per page. */
    static final int WORDS = SLOTS / Long.SIZE;

    private final Long2ObjectHashMap<Page> pages = new Long2ObjectHashMap<>();
    /** The existing pages by number: consulted only to link a new page between its neighbours. */
    private final TreeMap<Long, Page> order = new TreeMap<>();
    private Page lowest;
    private Page highest;
    /** Recently looked-up pages, at {@code number mod CACHED_PAGES}: a direct-mapped cache in front of the hash. */
    private final Page[] recent = new Page[CACHED_PAGES];
    private int size;

    /** Number of keys. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The entry with this key, or null. */
    public V get(long key) {
        Page page = page(key >> SHIFT);
        return page == null ? null : value(page, slot(key));
    }

    /** Adds an entry under its key, which must be free; the entry must not be in a ladder. */
    public void put(V value) {
        Entry entry = value;
        if (entry.page != null) {
            throw new IllegalArgumentException("entry " + entry.key + " is already in a ladder");
        }
        long number = entry.key >> SHIFT;
        Page page = page(number);
        if (page == null) {
            page = newPage(number);
        }
        int slot = slot(entry.key);
        if (page.values[slot] != null) {
            throw new IllegalArgumentException("key " + entry.key + " is already taken");
        }
        page.values[slot] = entry;
        page.words[slot >>> 6] |= 1L << slot;
        page.count++;
        size++;
        entry.page = page;
    }

    /** Removes an entry of this ladder (not of another one: that is not checked). */
    public void remove(V value) {
        Entry entry = value;
        Page page = pageOf(entry);
        int slot = slot(entry.key);
        page.values[slot] = null;
        page.words[slot >>> 6] &= ~(1L << slot);
        entry.page = null;
        size--;
        if (--page.count == 0) {
            dropPage(page);
        }
    }

    /** The entry with the lowest key, or null when empty. */
    public V first() {
        return lowest == null ? null : value(lowest, lowest.nextSlot(0));
    }

    /** The entry with the highest key, or null when empty. */
    public V last() {
        return highest == null ? null : value(highest, highest.previousSlot(MASK));
    }

    /** The entry with the lowest key strictly above the key of {@code entry}, an entry of this ladder; or null. */
    public V higher(V entry) {
        Page page = pageOf(entry);
        int slot = slot(entry.key);
        if (slot < MASK) {
            int found = page.nextSlot(slot + 1);
            if (found >= 0) {
                return value(page, found);
            }
        }
        Page next = page.higher;
        return next == null ? null : value(next, next.nextSlot(0));
    }

    /** The entry with the highest key strictly below the key of {@code entry}, an entry of this ladder; or null. */
    public V lower(V entry) {
        Page page = pageOf(entry);
        int slot = slot(entry.key);
        if (slot > 0) {
            int found = page.previousSlot(slot - 1);
            if (found >= 0) {
                return value(page, found);
            }
        }
        Page previous = page.lower;
        return previous == null ? null : value(previous, previous.previousSlot(MASK));
    }

    /**
     * Checks the structure and throws {@link IllegalStateException} on the first broken invariant: every page
     * non-empty, its count and bitmap equal to its occupied slots, pages linked in increasing order and all of them
     * known to both lookups, the size equal to the keys held.
     */
    public void validateInternalState() {
        if (pages.size() != order.size()) {
            throw new IllegalStateException("ladder: " + pages.size() + " pages by number, " + order.size() + " in order");
        }
        Page expectedLower = null;
        int keys = 0;
        for (Page page : order.values()) {
            if (pages.get(page.number) != page) {
                throw new IllegalStateException("ladder: page " + page.number + " is not found by its number");
            }
            if (page.lower != expectedLower || (expectedLower != null && expectedLower.higher != page)) {
                throw new IllegalStateException("ladder: page " + page.number + " is linked out of order");
            }
            int count = 0;
            for (int slot = 0; slot < SLOTS; slot++) {
                boolean bit = (page.words[slot >>> 6] & (1L << slot)) != 0;
                Entry entry = page.values[slot];
                if (bit != (entry != null)) {
                    throw new IllegalStateException("ladder: bitmap of page " + page.number + " disagrees at slot " + slot);
                }
                if (bit) {
                    if (entry.page != page || entry.key >> SHIFT != page.number || slot(entry.key) != slot) {
                        throw new IllegalStateException("ladder: entry " + entry.key + " sits in page " + page.number
                                + " slot " + slot);
                    }
                    count++;
                }
            }
            if (count == 0 || count != page.count) {
                throw new IllegalStateException("ladder: page " + page.number + " counts " + page.count + ", holds " + count);
            }
            keys += count;
            expectedLower = page;
        }
        if (lowest != (order.isEmpty() ? null : order.firstEntry().getValue())
                || highest != (order.isEmpty() ? null : order.lastEntry().getValue())) {
            throw new IllegalStateException("ladder: lowest or highest page is not the end of the order");
        }
        if (keys != size) {
            throw new IllegalStateException("ladder: size " + size + ", holds " + keys);
        }
        for (Page page : recent) {
            if (page != null && pages.get(page.number) != page) {
                throw new IllegalStateException("ladder: the cached page " + page.number + " was dropped");
            }
        }
    }

    private static int slot(long key) {
        return (int) key & MASK;
    }

    private static Page pageOf(Entry entry) {
        Page page = entry.page;
        if (page == null) {
            throw new IllegalArgumentException("entry " + entry.key + " is not in a ladder");
        }
        return page;
    }

    @SuppressWarnings("unchecked")
    private V value(Page page, int slot) {
        return (V) page.values[slot];
    }

    private Page page(long number) {
        int line = (int) number & (CACHED_PAGES - 1);
        Page page = recent[line];
        if (page != null && page.number == number) {
            return page;
        }
        page = pages.get(number);
        if (page != null) {
            recent[line] = page;
        }
        return page;
    }

    private Page newPage(long number) {
        Page page = new Page(number);
        Map.Entry<Long, Page> below = order.lowerEntry(number);
        page.lower = below == null ? null : below.getValue();
        page.higher = below == null ? lowest : below.getValue().higher;
        if (page.lower == null) {
            lowest = page;
        } else {
            page.lower.higher = page;
        }
        if (page.higher == null) {
            highest = page;
        } else {
            page.higher.lower = page;
        }
        order.put(number, page);
        pages.put(number, page);
        recent[(int) number & (CACHED_PAGES - 1)] = page;
        return page;
    }

    private void dropPage(Page page) {
        if (page.lower == null) {
            lowest = page.higher;
        } else {
            page.lower.higher = page.higher;
        }
        if (page.higher == null) {
            highest = page.lower;
        } else {
            page.higher.lower = page.lower;
        }
        order.remove(page.number);
        pages.remove(page.number);
        int line = (int) page.number & (CACHED_PAGES - 1);
        if (recent[line] == page) {
            recent[line] = null;
        }
    }

    /**
     * What a ladder holds: a key, fixed for the entry's life, and the ladder's private link to where it sits. Extend
     * it with the payload.
     */
    abstract static class Entry {
        final long key;
        /** The page holding this entry, null while it is in no ladder. */
        private Page page;

        protected Entry(long key) {
            this.key = key;
        }
    }

    private static final class Page {
        final long number;
        final long[] words = new long[WORDS];
        final Entry[] values = new Entry[SLOTS];
        int count;
        Page lower;
        Page higher;

        Page(long number) {
            this.number = number;
        }

        /** The first occupied slot at or above {@code from}, or -1. */
        int nextSlot(int from) {
            int w = from >>> 6;
            long word = words[w] & (-1L << from);
            while (word == 0) {
                if (++w == WORDS) {
                    return -1;
                }
                word = words[w];
            }
            return (w << 6) + Long.numberOfTrailingZeros(word);
        }

        /** The last occupied slot at or below {@code from}, or -1. */
        int previousSlot(int from) {
            int w = from >>> 6;
            long word = words[w] & (-1L >>> (63 - (from & 63)));
            while (word == 0) {
                if (--w < 0) {
                    return -1;
                }
                word = words[w];
            }
            return (w << 6) + 63 - Long.numberOfLeadingZeros(word);
        }
    }
}
