package org.nself.crash.stats;

import org.nself.crash.session.SessionStatus;

/**
 * How one session counts in the rollup, from whether its {@code init} update arrived, its last status and
 * its error count. Only a session whose {@code init=true} update arrived is started (Sentry's definition);
 * one that ended badly counts so even when its start was lost.
 */
final class SessionOutcome {
    private SessionOutcome() {}

    /** {@code status} as stored; a value no {@link SessionStatus} names counts as a live session. */
    static SessionCounts of(boolean init, String status, int errors) {
        return of(init, SessionStatus.parse(status).orElse(SessionStatus.OK), errors);
    }

    static SessionCounts of(boolean init, SessionStatus status, int errors) {
        return new SessionCounts(
                init ? 1 : 0, status.crashed() ? 1 : 0, status.abnormal() ? 1 : 0, status.errored(errors) ? 1 : 0);
    }
}
