package org.nself.crash.stats;

/** How one session counts in the rollup, from its last status and its error count. */
final class SessionOutcome {
    private SessionOutcome() {}

    static SessionCounts of(String status, int errors) {
        return switch (status) {
            case "crashed" -> new SessionCounts(1, 1, 0, 0);
            case "abnormal" -> new SessionCounts(1, 0, 1, 0);
            case "errored" -> new SessionCounts(1, 0, 0, 1);
            default -> new SessionCounts(1, 0, 0, errors > 0 ? 1 : 0);
        };
    }
}
