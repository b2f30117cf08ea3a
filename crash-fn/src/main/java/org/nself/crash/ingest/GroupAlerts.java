package org.nself.crash.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nself.crash.alerts.AlertDraft;
import org.nself.crash.group.GroupCreated;
import org.nself.crash.group.GroupRegressed;
import org.nself.crash.group.ReportFacts;

/** The alerts that what happened to groups raises: new groups first, then regressions. */
final class GroupAlerts {
    private GroupAlerts() {}

    static List<AlertDraft> drafts(List<GroupCreated> created, List<GroupRegressed> regressed) {
        List<AlertDraft> drafts = new ArrayList<>(created.size() + regressed.size());
        for (GroupCreated group : created) {
            drafts.add(AlertDraft.groupCreated(group.groupId(), data(group.groupId(), group.report())));
        }
        for (GroupRegressed group : regressed) {
            drafts.add(AlertDraft.groupRegressed(
                    group.groupId(), group.report().release(), data(group.groupId(), group.report())));
        }
        return drafts;
    }

    /** What an alert about a group says: enough for a notification without another lookup. */
    private static Map<String, Object> data(long group, ReportFacts report) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("group_id", group);
        data.put("title", report.current().title());
        data.put("culprit", report.current().culprit());
        data.put("level", report.level());
        data.put("platform", report.platform());
        data.put("release", report.release());
        data.put("environment", report.environment());
        data.put("event_id", report.eventId().toString());
        return data;
    }
}
