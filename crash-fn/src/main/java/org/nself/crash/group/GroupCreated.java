package org.nself.crash.group;

/** A report opened a new group. */
public record GroupCreated(long groupId, ReportFacts report) {}
