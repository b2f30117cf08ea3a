package org.nself.crash.ingest;

import java.util.List;
import org.nself.crash.event.CrashEvent;
import org.nself.crash.grouping.Grouping;
import org.nself.crash.symbolication.EventSymbolication;

/**
 * A parsed, symbolicated, grouped report waiting to be committed; groupings newest strategy first.
 * {@code framesJson} is the symbolicated crash stack for the report view (null when there is none).
 */
record PendingReport(
        String account,
        CrashEvent event,
        List<Grouping> groupings,
        String payloadJson,
        EventSymbolication.Status symbolication,
        List<String> missingDebugIds,
        String framesJson) {}
