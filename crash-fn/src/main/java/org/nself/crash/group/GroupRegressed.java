package org.nself.crash.group;

/** A resolved group was reopened by a report from a release that had not seen it. */
public record GroupRegressed(long groupId, ReportFacts report) {}
