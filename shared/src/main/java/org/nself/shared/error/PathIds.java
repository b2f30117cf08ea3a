package org.nself.shared.error;

import java.util.UUID;

/** Ids taken from a request path: one that cannot be an id names nothing, so it answers 404, never 400. */
public final class PathIds {
    private PathIds() {}

    /** {@code raw} as a UUID (as {@link UUID#fromString} reads it), or 404 naming {@code resource}. */
    public static UUID uuid(String raw, String resource) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.notFound(resource);
        }
    }
}
