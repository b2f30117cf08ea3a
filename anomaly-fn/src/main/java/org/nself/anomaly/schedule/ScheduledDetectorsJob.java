package org.nself.anomaly.schedule;

import jakarta.inject.Singleton;
import java.time.Instant;
import org.nself.shared.jobs.JobSchedule;
import org.nself.shared.jobs.ScheduledJob;

/**
 * Each tick, runs every scheduled detector that is due, each exactly once whatever the number of
 * instances: rows are leased with {@code FOR UPDATE SKIP LOCKED} and a run moves the detector's next
 * run past the tick before its lock is released. Runs on the server timer and from the Lambda
 * scheduled handler ({@code {"job":"anomaly-scheduled-detectors"}}).
 */
@Singleton
record ScheduledDetectorsJob(RunDetector runner, ScheduleSettings settings) implements ScheduledJob {
    static final String NAME = "anomaly-scheduled-detectors";
    static final int MAX_PER_TICK = 10_000;

    @Override
    public JobSchedule schedule() {
        return new JobSchedule(NAME, settings.tick());
    }

    @Override
    public int run(Instant tick) {
        int done = 0;
        // a tick covers [tick, tick + interval): what falls due in it runs now, and each run moves its
        // detector to tick + schedule (at least one interval on), so it is not due again in this tick
        Instant end = tick.plus(settings.tick());
        while (done < MAX_PER_TICK && runner.runDue(tick, end).isPresent()) {
            done++;
        }
        return done;
    }
}
