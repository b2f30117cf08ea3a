package org.nself.crash.stats;

/**
 * Session outcome counts with Sentry's release-health definitions: {@code started} sessions, of which
 * {@code crashed}, {@code abnormal} (ANR, not a crash), {@code errored} (had errors, neither crashed
 * nor abnormal); healthy is the rest.
 */
public record SessionCounts(long started, long crashed, long abnormal, long errored) {
    public static final SessionCounts ZERO = new SessionCounts(0, 0, 0, 0);

    public SessionCounts plus(SessionCounts other) {
        return new SessionCounts(
                started + other.started, crashed + other.crashed, abnormal + other.abnormal, errored + other.errored);
    }

    public long healthy() {
        return Math.max(0, started - crashed - abnormal - errored);
    }

    /** {@code 1 − crashed / started}; null without sessions. */
    public Double crashFreeRate() {
        return started == 0 ? null : 1.0 - Math.min(crashed, started) / (double) started;
    }

    /** Abnormal (ANR) sessions per started session; null without sessions. */
    public Double abnormalRate() {
        return started == 0 ? null : Math.min(abnormal, started) / (double) started;
    }

    /** {@code 1 − crashed users / users}; null without identified users. */
    public static Double crashFreeUsers(long users, long crashedUsers) {
        return users == 0 ? null : 1.0 - Math.min(crashedUsers, users) / (double) users;
    }
}
