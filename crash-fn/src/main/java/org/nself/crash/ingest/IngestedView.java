package org.nself.crash.ingest;

import io.micronaut.serde.annotation.Serdeable;

/** The answer to a crash report: its event id (32 hex) and its group. */
@Serdeable
record IngestedView(String id, String groupId) {}
