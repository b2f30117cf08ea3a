package org.nself.crash.symbolication;

import org.nself.crash.event.CrashEvent;

/**
 * The step every report passes through before grouping: it may replace frames with symbolicated ones
 * (function names, files, lines, inline frames).
 */
public interface EventSymbolication {
    CrashEvent symbolicate(String account, CrashEvent event);
}
