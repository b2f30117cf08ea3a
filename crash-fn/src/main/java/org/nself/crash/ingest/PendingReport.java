package org.nself.crash.ingest;

import java.util.List;
import org.nself.crash.event.CrashEvent;
import org.nself.crash.grouping.Grouping;

/** A parsed, symbolicated, grouped report waiting to be committed; groupings newest strategy first. */
record PendingReport(String account, CrashEvent event, List<Grouping> groupings, String payloadJson) {}
