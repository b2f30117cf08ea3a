package org.nself.incident.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusMachineTest {

    @Test
    void anAutoResolvingAlertMayGoStraightFromTriggeredToResolved() {
        assertThat(StatusMachine.decide(Status.TRIGGERED, Status.RESOLVED))
                .isEqualTo(new StatusMachine.Transition.Allowed(Status.TRIGGERED, Status.RESOLVED, false));
    }

    @Test
    void resolvedToInvestigatingIsTheExplicitReopen() {
        assertThat(StatusMachine.decide(Status.RESOLVED, Status.INVESTIGATING))
                .isEqualTo(new StatusMachine.Transition.Allowed(Status.RESOLVED, Status.INVESTIGATING, true));
    }

    @Test
    void stayingInTheSameStatusChangesNothing() {
        assertThat(StatusMachine.decide(Status.MONITORING, Status.MONITORING))
                .isEqualTo(new StatusMachine.Transition.Unchanged(Status.MONITORING));
    }

    @ParameterizedTest(name = "{0} -> {1} is refused")
    @CsvSource({
        "TRIGGERED,CLOSED",
        "ACKNOWLEDGED,TRIGGERED",
        "INVESTIGATING,ACKNOWLEDGED",
        "IDENTIFIED,INVESTIGATING",
        "MONITORING,IDENTIFIED",
        "MONITORING,CLOSED",
        "RESOLVED,TRIGGERED",
        "RESOLVED,MONITORING",
        "RESOLVED,CANCELLED",
        "CLOSED,INVESTIGATING",
        "CLOSED,RESOLVED",
        "CANCELLED,TRIGGERED"
    })
    void illegalMovesAreRefusedWithTheAllowedOnes(Status from, Status to) {
        StatusMachine.Transition t = StatusMachine.decide(from, to);

        assertThat(t).isInstanceOf(StatusMachine.Transition.Refused.class);
        assertThat(((StatusMachine.Transition.Refused) t).allowed()).isEqualTo(StatusMachine.allowedFrom(from));
        assertThat(StatusMachine.allowedFrom(from)).doesNotContain(to);
    }

    @Test
    void closedRequiresResolvedFirst() {
        for (Status from : Status.values()) {
            boolean allowed = StatusMachine.decide(from, Status.CLOSED) instanceof StatusMachine.Transition.Allowed;
            assertThat(allowed).as(from + " -> closed").isEqualTo(from == Status.RESOLVED);
        }
    }

    @Test
    void closedAndCancelledAreFinal() {
        assertThat(StatusMachine.allowedFrom(Status.CLOSED)).isEmpty();
        assertThat(StatusMachine.allowedFrom(Status.CANCELLED)).isEmpty();
    }

    @Test
    void everyOpenStatusMayBeCancelledAsAFalseAlarm() {
        Set<Status> open = EnumSet.of(
                Status.TRIGGERED, Status.ACKNOWLEDGED, Status.INVESTIGATING, Status.IDENTIFIED, Status.MONITORING);
        for (Status from : open) {
            assertThat(StatusMachine.allowedFrom(from)).contains(Status.CANCELLED);
        }
    }
}
