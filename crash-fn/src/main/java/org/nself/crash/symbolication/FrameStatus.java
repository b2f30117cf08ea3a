package org.nself.crash.symbolication;

import java.util.Locale;

/** The outcome for one frame, named as Sentry names them. */
public enum FrameStatus {
    /** Function (and where known, file and line) found. */
    SYMBOLICATED,
    /** The symbol file is there but no symbol covers the address. */
    MISSING_SYMBOL,
    /** No symbol file for the image's debug id: see {@code missing_debug_ids}. */
    MISSING,
    /** No image of the event holds the address. */
    UNKNOWN_IMAGE,
    /** The frame or its image cannot be used (bad address mode, image without a valid debug id). */
    MALFORMED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
