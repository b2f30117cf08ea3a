package org.nself.anomaly.source;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nself.shared.error.ApiException;
import org.nself.shared.json.TextRule;

/**
 * The {@code entity} query filter: {@code entity=name:value}, repeatable, all of them must hold (a
 * series matches when its labels include every pair). The value is everything after the first
 * {@code :}; at most {@value #MAX_PAIRS} pairs, names and values within {@link Entity}'s bounds.
 */
public record EntityFilter(Map<String, String> labels) {
    public static final int MAX_PAIRS = 10;
    static final String SYNTAX = "must be name:value with a label name, e.g. instance:host-a";

    /** The filter of the query's {@code entity} values; null when there are none. */
    public static EntityFilter read(List<String> raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (raw.size() > MAX_PAIRS) {
            throw ApiException.invalid("entity", "at most " + MAX_PAIRS + " name:value pairs");
        }
        Map<String, String> labels = new TreeMap<>();
        for (String pair : raw) {
            int colon = pair == null ? -1 : pair.indexOf(':');
            if (colon <= 0) {
                throw ApiException.invalid("entity", SYNTAX);
            }
            String name = pair.substring(0, colon);
            String value = pair.substring(colon + 1);
            if (name.length() > Entity.MAX_NAME || !Entity.NAME.matcher(name).matches()) {
                throw ApiException.invalid("entity", SYNTAX);
            }
            if (value.length() > Entity.MAX_VALUE) {
                throw ApiException.invalid("entity", "a value of at most " + Entity.MAX_VALUE + " characters");
            }
            String unstorable = TextRule.REFUSE.problem(value);
            if (unstorable != null) {
                throw ApiException.invalid("entity", unstorable);
            }
            String before = labels.put(name, value);
            if (before != null && !before.equals(value)) {
                throw ApiException.invalid("entity", "label " + name + " is given twice with different values");
            }
        }
        return new EntityFilter(labels);
    }
}
