package org.nself.shared.health;

import io.micronaut.context.annotation.Context;
import io.micronaut.jdbc.DataSourceResolver;
import jakarta.annotation.PostConstruct;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.nself.shared.error.DatabaseFailures;
import org.nself.shared.jdbc.DatabaseFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies this module's Flyway migrations at start-up, into its own history table so the three
 * services can share one database. If the database is not reachable at start the service still
 * starts (and answers /ready 503); the next readiness check migrates once it is back.
 */
@Context
public final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private final DataSource dataSource;
    private final String table;
    private final String location;
    private final int expected;
    private volatile boolean migrated;

    Migrations(DataSource dataSource, DataSourceResolver resolver, MigrationSettings settings) {
        // the raw pool, not the transaction-bound proxy: Flyway and the health checks manage their own connections
        this.dataSource = resolver.resolve(dataSource);
        this.table = settings.table();
        this.location = settings.location();
        this.expected = MigrationFiles.count(Migrations.class.getClassLoader(), location);
    }

    @PostConstruct
    void migrateAtStart() {
        try {
            migrate();
        } catch (RuntimeException e) {
            if (!DatabaseFailures.isDatabaseUnavailable(e)) {
                throw e;
            }
            LOG.warn("database not reachable at start-up; migrations will run when it is back");
        }
    }

    /** Applies pending migrations; idempotent, a second run applies nothing. */
    public synchronized void migrate() {
        if (migrated) {
            return;
        }
        Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .table(table)
                .locations(location)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        migrated = true;
    }

    /** How many migrations the module ships. */
    public int expected() {
        return expected;
    }

    /** How many are recorded as applied in the history table; throws when the database is away. */
    public int applied() {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.setQueryTimeout(5);
            try (ResultSet r = s.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
                r.next();
                if (!r.getBoolean(1)) {
                    return 0;
                }
            }
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + table
                    + " WHERE success AND version IS NOT NULL AND type <> 'BASELINE'")) {
                r.next();
                return r.getInt(1);
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    public boolean isMigrated() {
        return migrated;
    }
}
