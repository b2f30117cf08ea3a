package org.nself.crash.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.shared.testing.Eventually;
import org.nself.shared.testing.PostgresTest;

/** The group-commit writer: a poison report fails alone and cheaply, and no fault stops the writer. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportQueueTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Inject
    ReportQueue queue;

    Api api;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void client() {
        api = new Api(server.getURI());
    }

    @AfterEach
    void noFault() {
        queue.beforeWrite = batch -> {};
    }

    static String event(String message) {
        return "{\"event_id\":\"" + UUID.randomUUID() + "\",\"message\":\"" + message + "\"}";
    }

    CompletableFuture<HttpResponse<String>> postAsync(String body) {
        return http.sendAsync(
                api.request("/api/v1/ingest/crash")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPoisonReportFailsAloneWhileTheRestOfItsBatchCommitsInGroups() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicBoolean writerHeld = new AtomicBoolean();
        AtomicInteger attempts = new AtomicInteger();
        queue.beforeWrite = batch -> {
            if (writerHeld.compareAndSet(false, true)) {
                await(gate); // hold the writer so that what follows queues up into one batch
            } else {
                attempts.incrementAndGet();
            }
        };
        CompletableFuture<HttpResponse<String>> opener = postAsync(event("opens"));
        Eventually.await(Duration.ofSeconds(20), writerHeld::get);
        List<CompletableFuture<HttpResponse<String>>> good = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            good.add(postAsync(event("good " + i)));
        }
        // a lone UTF-16 surrogate: PostgreSQL refuses it in jsonb, failing the whole batch statement
        CompletableFuture<HttpResponse<String>> poison = postAsync(event("x\\ud800y"));
        Eventually.await(Duration.ofSeconds(20), () -> queue.queued() == 16);

        gate.countDown();

        assertThat(opener.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        for (CompletableFuture<HttpResponse<String>> response : good) {
            assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> refused = poison.get(30, TimeUnit.SECONDS);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("INVALID_REQUEST");
        // halving: 16, 8+8, 4+4, 2+2, 1+1 = 9 transactions; one report at a time would be 1 + 16
        assertThat(attempts.get()).isLessThanOrEqualTo(9);
    }

    @Test
    void anErrorInTheWriterFailsItsBatchRetryablyAndTheWriterGoesOn() {
        AtomicBoolean armed = new AtomicBoolean(true);
        queue.beforeWrite = batch -> {
            if (armed.compareAndSet(true, false)) {
                throw new Error("injected writer fault");
            }
        };

        HttpResponse<String> failed = api.post("/api/v1/ingest/crash", event("hit by the fault"));
        HttpResponse<String> next = api.post("/api/v1/ingest/crash", event("after the fault"));

        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.body()).contains("DATABASE_ERROR");
        assertThat(failed.headers().firstValue("Retry-After")).isPresent();
        assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
        assertThat(queue.alive()).isTrue();
        assertThat(api.get("/health").statusCode()).isEqualTo(200);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
