package org.nself.crash.ingest;

import java.util.UUID;

/** A committed report: its event id and the group it landed in; {@code duplicate} when it was a resend. */
public record SavedReport(UUID eventId, long groupId, boolean duplicate) {}
