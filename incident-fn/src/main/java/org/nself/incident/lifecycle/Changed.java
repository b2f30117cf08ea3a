package org.nself.incident.lifecycle;

import java.util.List;

/** An incident after a change, and the work to do once the change is committed. */
public record Changed(Incident incident, boolean modified, List<Runnable> afterCommit) {}
