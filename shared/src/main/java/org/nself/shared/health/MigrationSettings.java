package org.nself.shared.health;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Pattern;

/**
 * This module's Flyway history table and migration location ({@code nself.migrations.*}, set in its
 * application.yml). The table name is put into SQL, hence a plain identifier only.
 */
@ConfigurationProperties("nself.migrations")
@Context
record MigrationSettings(
        @Pattern(regexp = "[a-z_][a-z0-9_]{0,62}", message = "must be a plain identifier (a-z, 0-9, _)") String table,
        String location) {}
