package io.tradewire.broker;

import java.util.LinkedHashMap;
import java.util.Map;

/** A map that forgets its oldest entries past a capacity: what an adapter remembers of a broker's ids stays bounded. */
public final class BoundedMap<K, V> extends LinkedHashMap<K, V> {
    private static final long serialVersionUID = 1L;
    private final int capacity;

    public BoundedMap(int capacity) {
        super(64, 0.75f, false);
        this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
    }
}
