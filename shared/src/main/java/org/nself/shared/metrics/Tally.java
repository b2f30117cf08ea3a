package org.nself.shared.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts by key in process, safe under concurrent increments (refusals by code and reason, dropped envelope
 * items by category and reason). A key's {@code toString} is its name in {@link #snapshot()}.
 */
public final class Tally<K> {
    private final Map<K, LongAdder> counts = new ConcurrentHashMap<>();

    public void increment(K key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** How many times {@code key} was counted. */
    public long count(K key) {
        LongAdder adder = counts.get(key);
        return adder == null ? 0 : adder.sum();
    }

    /** Every count so far, by the key's name, in name order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((key, adder) -> out.put(key.toString(), adder.sum()));
        return out;
    }
}
