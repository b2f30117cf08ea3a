package org.nself.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Opt-in: where a Docker engine runs, the same PostgreSQL the product targets, from Testcontainers.
 * Skipped (never failed) where there is none, as on these build machines.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerDatabaseTest {
    @Container
    static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>("postgres:16-alpine");

    @Test
    void theContainerIsARealPostgresql() throws Exception {
        try (Connection c = DriverManager.getConnection(
                        POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), POSTGRES.getPassword());
                ResultSet r = c.createStatement().executeQuery("SELECT current_setting('server_version_num')::int")) {
            r.next();
            assertThat(r.getInt(1)).isGreaterThanOrEqualTo(160000);
        }
    }
}
