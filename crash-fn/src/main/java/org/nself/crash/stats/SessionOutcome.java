package org.nself.crash.stats;

import org.nself.crash.session.SessionStatus;

/** How one session counts in the rollup, from its last status and its error count. */
final class SessionOutcome {
    private SessionOutcome() {}

    /** {@code status} as stored; a value no {@link SessionStatus} names counts as a live session. */
    static SessionCounts of(String status, int errors) {
        return of(SessionStatus.parse(status).orElse(SessionStatus.OK), errors);
    }

    static SessionCounts of(SessionStatus status, int errors) {
        return new SessionCounts(
                1, status.crashed() ? 1 : 0, status.abnormal() ? 1 : 0, status.errored(errors) ? 1 : 0);
    }
}
