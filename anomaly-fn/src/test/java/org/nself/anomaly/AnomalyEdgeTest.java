package org.nself.anomaly;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.testing.FunctionEdgeContract;

/** nself-anomaly keeps the promises every function makes at its edge (see {@link FunctionEdgeContract}). */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnomalyEdgeTest implements FunctionEdgeContract {
    @Inject
    EmbeddedServer server;

    @Inject
    ApplicationContext context;

    @Override
    public String module() {
        return "anomaly-fn";
    }

    @Override
    public String plugin() {
        return "nself-anomaly";
    }

    @Override
    public int defaultPort() {
        return 3842;
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
