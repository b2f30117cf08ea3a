package org.nself.incident.lifecycle;

import static org.nself.incident.lifecycle.Status.ACKNOWLEDGED;
import static org.nself.incident.lifecycle.Status.CANCELLED;
import static org.nself.incident.lifecycle.Status.CLOSED;
import static org.nself.incident.lifecycle.Status.IDENTIFIED;
import static org.nself.incident.lifecycle.Status.INVESTIGATING;
import static org.nself.incident.lifecycle.Status.MONITORING;
import static org.nself.incident.lifecycle.Status.RESOLVED;
import static org.nself.incident.lifecycle.Status.TRIGGERED;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The incident status machine: forward moves (skips allowed, e.g. an auto-resolving alert goes
 * straight from triggered to resolved), {@code closed} only after {@code resolved}, {@code cancelled}
 * for a false alarm while open, and the one backward move, the explicit reopen resolved → investigating.
 */
public final class StatusMachine {
    private static final Map<Status, Set<Status>> NEXT = Map.of(
            TRIGGERED, EnumSet.of(ACKNOWLEDGED, INVESTIGATING, IDENTIFIED, MONITORING, RESOLVED, CANCELLED),
            ACKNOWLEDGED, EnumSet.of(INVESTIGATING, IDENTIFIED, MONITORING, RESOLVED, CANCELLED),
            INVESTIGATING, EnumSet.of(IDENTIFIED, MONITORING, RESOLVED, CANCELLED),
            IDENTIFIED, EnumSet.of(MONITORING, RESOLVED, CANCELLED),
            MONITORING, EnumSet.of(RESOLVED, CANCELLED),
            RESOLVED, EnumSet.of(CLOSED, INVESTIGATING),
            CLOSED, EnumSet.noneOf(Status.class),
            CANCELLED, EnumSet.noneOf(Status.class));

    private StatusMachine() {}

    /** The states an incident in {@code from} may move to. */
    public static Set<Status> allowedFrom(Status from) {
        return EnumSet.copyOf(NEXT.get(from).isEmpty() ? EnumSet.noneOf(Status.class) : NEXT.get(from));
    }

    /** Decides a requested move. */
    public static Transition decide(Status from, Status to) {
        if (from == to) {
            return new Transition.Unchanged(from);
        }
        if (!NEXT.get(from).contains(to)) {
            return new Transition.Refused(from, to, allowedFrom(from));
        }
        return new Transition.Allowed(from, to, from == RESOLVED && to == INVESTIGATING);
    }

    /** The outcome of a requested move. */
    public sealed interface Transition {
        /** The incident is already there: nothing changes and nothing is recorded. */
        record Unchanged(Status status) implements Transition {}

        /** A legal move; {@code reopen} marks the explicit backward move. */
        record Allowed(Status from, Status to, boolean reopen) implements Transition {}

        /** An illegal move, with what would have been legal. */
        record Refused(Status from, Status to, Set<Status> allowed) implements Transition {}
    }
}
