package org.nself.crash.alerts;

import java.util.Map;

/**
 * An alert about to be recorded. {@code dedupKey} makes it happen once: a group is created once, regresses
 * once per release, spikes once per hour.
 */
public record AlertDraft(AlertKind kind, String dedupKey, Long groupId, String release, Map<String, Object> data) {
    public static AlertDraft groupCreated(long groupId, Map<String, Object> data) {
        return new AlertDraft(AlertKind.GROUP_CREATED, "group.created:" + groupId, groupId, null, data);
    }

    public static AlertDraft groupRegressed(long groupId, String release, Map<String, Object> data) {
        return new AlertDraft(
                AlertKind.GROUP_REGRESSED, "group.regressed:" + groupId + ":" + release, groupId, release, data);
    }
}
