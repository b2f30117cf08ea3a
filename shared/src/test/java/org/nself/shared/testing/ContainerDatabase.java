package org.nself.shared.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/** Testcontainers' PostgreSQL, used when a Docker engine answers. */
final class ContainerDatabase {
    private ContainerDatabase() {}

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper removes it
    static TestDatabase.Connection start() {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:16-alpine");
        container.start();
        return new TestDatabase.Connection(
                container.getJdbcUrl(), container.getUsername(), container.getPassword(), "testcontainers");
    }
}
