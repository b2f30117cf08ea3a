package org.nself.crash.envelope;

import java.util.List;

/** A Sentry envelope split into its parts: the header line and each item's header line and payload. */
public record Envelope(byte[] header, List<Item> items) {
    public Envelope {
        items = List.copyOf(items);
    }

    public record Item(byte[] header, byte[] payload) {}
}
