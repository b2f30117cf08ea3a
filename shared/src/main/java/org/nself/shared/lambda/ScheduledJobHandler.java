package org.nself.shared.lambda;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nself.shared.jobs.ScheduledJob;
import org.nself.shared.jobs.ScheduledJobs;

/**
 * The Lambda entry point for EventBridge schedules. The rule's constant input names the job,
 * {@code {"job":"crash-rollup"}}; a plain scheduled event ({@code detail-type: Scheduled Event}) with
 * no job runs every job of the function. Answers what each job did.
 */
public class ScheduledJobHandler extends MicronautRequestHandler<Map<String, Object>, Map<String, Object>> {
    @Inject
    ScheduledJobs jobs;

    public ScheduledJobHandler() {
        super();
    }

    public ScheduledJobHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return LambdaSettings.configure(super.newApplicationContextBuilder());
    }

    @Override
    protected Environment startEnvironment(ApplicationContext applicationContext) {
        return LambdaSettings.start(applicationContext, super::startEnvironment);
    }

    @Override
    public Map<String, Object> execute(Map<String, Object> input) {
        String name = jobName(input);
        List<ScheduledJob> selected;
        if (name == null) {
            selected = jobs.all();
        } else {
            selected = jobs.find(name)
                    .map(List::of)
                    .orElseThrow(() -> new IllegalArgumentException("no scheduled job named '" + name + "'"));
        }
        Map<String, Object> units = new LinkedHashMap<>();
        for (ScheduledJob job : selected) {
            units.put(job.schedule().name(), jobs.runNow(job));
        }
        return Map.of("ran", units);
    }

    static String jobName(Map<String, Object> input) {
        if (input == null) {
            return null;
        }
        if (input.get("job") instanceof String job && !job.isBlank()) {
            return job;
        }
        if (input.get("detail") instanceof Map<?, ?> detail
                && detail.get("job") instanceof String job
                && !job.isBlank()) {
            return job;
        }
        return null;
    }
}
