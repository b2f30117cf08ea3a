package org.nself.crash.ingest;

import java.util.List;
import org.nself.crash.event.CrashEvent;
import org.nself.crash.group.ReportFacts;
import org.nself.crash.symbolication.EventSymbolication;

/**
 * A parsed, symbolicated, grouped report waiting to be committed; {@code facts} holds its groupings
 * (newest strategy first) and what its group counts. {@code framesJson} is the symbolicated crash stack
 * for the report view (null when there is none). {@code tagsJson} is the event's tags as a JSON object and
 * {@code tagProblemsJson} why some were dropped (null when none were): stored with the report.
 */
record PendingReport(
        String account,
        CrashEvent event,
        ReportFacts facts,
        String payloadJson,
        EventSymbolication.Status symbolication,
        List<String> missingDebugIds,
        String framesJson,
        String tagsJson,
        String tagProblemsJson) {}
