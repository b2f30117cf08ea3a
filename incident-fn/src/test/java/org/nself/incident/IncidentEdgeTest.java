package org.nself.incident;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.testing.FunctionEdgeContract;

/** nself-incident-mgmt keeps the promises every function makes at its edge (see {@link FunctionEdgeContract}). */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentEdgeTest implements FunctionEdgeContract {
    @Inject
    EmbeddedServer server;

    @Inject
    ApplicationContext context;

    @Override
    public String module() {
        return "incident-fn";
    }

    @Override
    public String plugin() {
        return "nself-incident-mgmt";
    }

    @Override
    public int defaultPort() {
        return 3833;
    }

    @Override
    public EmbeddedServer server() {
        return server;
    }

    @Override
    public ApplicationContext context() {
        return context;
    }
}
