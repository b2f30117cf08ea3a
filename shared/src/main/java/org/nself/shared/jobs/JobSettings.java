package org.nself.shared.jobs;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

/**
 * {@code nself.jobs.*}: the prefix of this module's lease tables (set in its application.yml) and how long
 * after start-up the server's timers first fire. The prefix is put into SQL, hence a plain identifier
 * short enough that {@code <prefix>_job_leases} still is one.
 */
@ConfigurationProperties("nself.jobs")
@Context
record JobSettings(
        @Pattern(
                        regexp = "[a-z_][a-z0-9_]{0,51}",
                        message = "must be a plain identifier (a-z, 0-9, _) of at most 52 characters")
                String tablePrefix,
        Duration initialDelay) {}
