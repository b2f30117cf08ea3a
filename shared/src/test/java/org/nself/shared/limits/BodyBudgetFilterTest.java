package org.nself.shared.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.testing.Eventually;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

/** Authenticated bodies take their share of the heap budget before they are read, and give it back. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BodyBudgetFilterTest implements PostgresTest {
    static final int BODY = 60_000; // under the test server's 64 KiB request limit; costs 5 x 60,000

    @Inject
    EmbeddedServer server;

    @Inject
    IngestBudget budget;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("nself.ingest.max-in-flight-bytes", "400000", "nself.rate-limit.max", "0");
    }

    @Test
    void aBodyBeyondTheBudgetIsRefusedWith429UntilTheOneHoldingItIsAnswered() throws Exception {
        TestHttp http = new TestHttp(server.getURL());
        Map<String, String> headers = Map.of(
                "Authorization",
                "Bearer " + PLUGIN_SECRET,
                "Content-Type",
                "application/json",
                "X-App-Name",
                "t-budget");
        byte[] body = ("{\"name\":\"" + "x".repeat(BODY - 12) + "\"}").getBytes(StandardCharsets.UTF_8);
        try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), server.getPort())) {
            // declares its body and sends none of it yet: its share is taken before the body is read
            OutputStream out = slow.getOutputStream();
            out.write(("POST /api/v1/things HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + PLUGIN_SECRET
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Eventually.await(Duration.ofSeconds(10), () -> budget.inFlight() > 0);

            TestHttp.Response refused = http.send("POST", "/api/v1/things", headers, body);
            assertThat(refused.status()).as(refused.body()).isEqualTo(429);
            assertThat(refused.body()).contains("\"code\":\"RATE_LIMIT_EXCEEDED\"");
            assertThat(refused.headers()).containsKey("Retry-After");
            // a request without a body needs no share
            assertThat(http.get("/api/v1/things", headers).status()).isEqualTo(200);
        }
        // the client went away: its share is given back
        Eventually.await(Duration.ofSeconds(10), () -> budget.inFlight() == 0);
        TestHttp.Response admitted = http.send("POST", "/api/v1/things", headers, body);
        assertThat(admitted.status()).as(admitted.body()).isNotEqualTo(429).isLessThan(500);
        assertThat(budget.inFlight()).isZero();
    }
}
