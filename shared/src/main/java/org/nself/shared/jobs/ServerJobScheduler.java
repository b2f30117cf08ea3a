package org.nself.shared.jobs;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server mode: runs every {@link ScheduledJob} on Micronaut's scheduled executor (what
 * {@code @Scheduled} uses) at its interval. Not in Lambda, where EventBridge drives
 * {@link org.nself.shared.lambda.ScheduledJobHandler} instead.
 */
@Context
@Requires(notEnv = Environment.FUNCTION)
@Requires(property = "nself.jobs.enabled", notEquals = "false")
final class ServerJobScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(ServerJobScheduler.class);
    private final List<ScheduledFuture<?>> futures = new ArrayList<>();

    ServerJobScheduler(
            ScheduledJobs jobs, @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler, JobSettings settings) {
        for (ScheduledJob job : jobs.all()) {
            futures.add(scheduler.scheduleWithFixedDelay(
                    settings.initialDelay(), job.schedule().interval(), () -> {
                        try {
                            int units = jobs.runNow(job);
                            if (units > 0) {
                                LOG.debug("job {} did {} units", job.schedule().name(), units);
                            }
                        } catch (RuntimeException e) {
                            LOG.warn(
                                    "job {} failed, will retry next tick: {}",
                                    job.schedule().name(),
                                    e.toString());
                        }
                    }));
        }
    }

    @PreDestroy
    void stop() {
        futures.forEach(f -> f.cancel(false));
    }
}
