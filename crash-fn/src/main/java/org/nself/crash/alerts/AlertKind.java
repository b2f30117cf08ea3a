package org.nself.crash.alerts;

/** What raised an alert; the wire name is also the webhook's {@code type} after {@code crash.}. */
public enum AlertKind {
    GROUP_CREATED("group.created"),
    GROUP_REGRESSED("group.regressed"),
    GROUP_VELOCITY("group.velocity"),
    CRASH_RATE_SPIKE("crash_rate.spike");

    private final String wire;

    AlertKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    static AlertKind fromWire(String wire) {
        for (AlertKind k : values()) {
            if (k.wire.equals(wire)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown alert kind " + wire);
    }
}
