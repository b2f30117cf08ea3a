package org.nself.crash.grouping;

import java.util.List;

/**
 * The outcome of grouping one event: its fingerprint (64 hex of SHA-256 over the components), the
 * strategy version that made it, why, the components that contributed, and display text.
 */
public record Grouping(
        String fingerprint,
        int strategyVersion,
        GroupedBy groupedBy,
        List<String> components,
        String title,
        String culprit) {
    public Grouping {
        components = List.copyOf(components);
    }
}
