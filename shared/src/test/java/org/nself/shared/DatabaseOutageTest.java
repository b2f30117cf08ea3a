package org.nself.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.testing.Eventually;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TcpProxy;
import org.nself.shared.testing.TestDatabase;
import org.nself.shared.testing.TestHttp;

/** The database goes away under a running service and comes back: 503s meanwhile, recovery without restart. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageTest implements PostgresTest {
    TcpProxy proxy;
    EmbeddedServer server;

    @BeforeAll
    void startBehindAProxy() throws Exception {
        URI db = URI.create(TestDatabase.get().jdbcUrl().substring("jdbc:".length()));
        proxy = new TcpProxy(db.getHost(), db.getPort() < 0 ? 5432 : db.getPort());
        Map<String, Object> props = new HashMap<>(getProperties());
        props.put(
                "datasources.default.url",
                TestDatabase.get().jdbcUrl().replace(db.getHost() + ":" + db.getPort(), "127.0.0.1:" + proxy.port()));
        props.put("micronaut.server.port", -1);
        server = ApplicationContext.run(EmbeddedServer.class, props, "test");
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        proxy.close();
    }

    @Test
    void readyAnswers503WhileTheDatabaseIsAwayAnd200AgainAfterwards() throws Exception {
        TestHttp http = new TestHttp(server.getURL());
        assertThat(http.get("/ready", Map.of()).status()).isEqualTo(200);

        proxy.cut();
        TestHttp.Response ready = http.get("/ready", Map.of());
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.body()).contains("\"ready\":false").contains("\"error\":\"database unavailable\"");
        TestHttp.Response list = http.get("/api/v1/things", TestHttp.asAccount("t-outage"));
        assertThat(list.status()).isEqualTo(503);
        assertThat(list.body()).contains("\"code\":\"DATABASE_ERROR\"");
        assertThat(list.headers()).containsKey("Retry-After");
        assertThat(http.get("/health", Map.of()).status())
                .as("liveness does not depend on the database")
                .isEqualTo(200);

        proxy.restore();
        Eventually.await(
                Duration.ofSeconds(30), () -> http.get("/ready", Map.of()).status() == 200);
        assertThat(http.get("/api/v1/things", TestHttp.asAccount("t-outage")).status())
                .isEqualTo(200);
    }
}
