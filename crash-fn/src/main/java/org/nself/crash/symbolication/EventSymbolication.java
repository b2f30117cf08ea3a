package org.nself.crash.symbolication;

import java.util.List;
import java.util.Locale;
import org.nself.crash.event.CrashEvent;

/**
 * The step every report passes through before grouping: it replaces frames with symbolicated ones
 * (function names, files, lines, inline frames) and says which symbol files were missing.
 */
public interface EventSymbolication {
    Result symbolicate(String account, CrashEvent event);

    /**
     * The event with its frames symbolicated where symbols were found; {@code missingDebugIds} (sorted)
     * are the debug ids (and ProGuard UUIDs) the account has no symbol file for; {@code framesChanged} says
     * whether any frame was replaced (when none was, the stored payload already shows the frames).
     */
    record Result(CrashEvent event, Status status, List<String> missingDebugIds, boolean framesChanged) {
        public Result {
            missingDebugIds = List.copyOf(missingDebugIds);
        }
    }

    /** What symbolication did to a report. */
    enum Status {
        /**
         * Nothing to look up: no native frame with an image that has a debug id, no Java frame with a
         * ProGuard mapping named.
         */
        NONE,
        /** Every image or mapping the frames need had a symbol file. */
        COMPLETE,
        /** Some had none: see the missing debug ids; the report is redone when they are uploaded. */
        MISSING;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
