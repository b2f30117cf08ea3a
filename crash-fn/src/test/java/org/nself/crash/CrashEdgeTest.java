package org.nself.crash;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.testing.FunctionEdgeContract;

/** nself-crash keeps the promises every function makes at its edge (see {@link FunctionEdgeContract}). */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashEdgeTest implements FunctionEdgeContract {
    @Inject
    EmbeddedServer server;

    @Inject
    ApplicationContext context;

    @Override
    public String module() {
        return "crash-fn";
    }

    @Override
    public String plugin() {
        return "nself-crash";
    }

    @Override
    public int defaultPort() {
        return 3841;
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
