package org.nself.shared.jobs;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The registry of this function's scheduled jobs, shared by the server scheduler and the Lambda handler. */
@Singleton
public final class ScheduledJobs {
    private final Map<String, ScheduledJob> byName = new LinkedHashMap<>();
    private final Clock clock;

    @jakarta.inject.Inject
    ScheduledJobs(List<ScheduledJob> jobs) {
        this(jobs, Clock.systemUTC());
    }

    ScheduledJobs(List<ScheduledJob> jobs, Clock clock) {
        for (ScheduledJob job : jobs) {
            if (byName.put(job.schedule().name(), job) != null) {
                throw new IllegalStateException(
                        "two scheduled jobs are named " + job.schedule().name());
            }
        }
        this.clock = clock;
    }

    public List<ScheduledJob> all() {
        return List.copyOf(byName.values());
    }

    public Optional<ScheduledJob> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Runs one job for the tick that now falls in; returns the units it did. */
    public int runNow(ScheduledJob job) {
        Instant tick = job.schedule().tickOf(clock.instant());
        return job.run(tick);
    }
}
