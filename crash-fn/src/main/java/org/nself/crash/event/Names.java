package org.nself.crash.event;

/** Small text rules shared by parsing and grouping. */
public final class Names {
    private Names() {}

    /** The last path segment of a Unix or Windows path. */
    public static String basename(String path) {
        if (path == null) {
            return null;
        }
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return slash >= 0 ? path.substring(slash + 1) : path;
    }
}
