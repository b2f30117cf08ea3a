package org.nself.crash.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.nself.crash.Api;
import org.nself.shared.testing.Eventually;
import org.nself.shared.testing.PostgresTest;

/** The queue's and a batch's byte bounds, and /health when the writer is gone (its own context: it stops the writer). */
@MicronautTest(transactional = false)
@Property(name = "nself.crash.ingest.queue-max-bytes", value = "65536")
@Property(name = "nself.crash.ingest.max-batch-bytes", value = "12000")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportQueueBoundsTest implements PostgresTest {
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

    static String event(int paddingBytes) {
        return "{\"event_id\":\"" + UUID.randomUUID() + "\",\"message\":\"bounds\",\"extra\":{\"pad\":\""
                + "p".repeat(paddingBytes) + "\"}}";
    }

    @Test
    @Order(1)
    void reportsBeyondTheQueuesByteBoundAreRefusedRetryablyNotHeld() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicBoolean writerHeld = new AtomicBoolean();
        queue.beforeWrite = batch -> {
            if (writerHeld.compareAndSet(false, true)) {
                try {
                    gate.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        CompletableFuture<HttpResponse<String>> first = http.sendAsync(
                api.request("/api/v1/ingest/crash")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(event(40_000)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Eventually.await(Duration.ofSeconds(20), writerHeld::get);

        // 40 KB are held by the writer; 40 KB more do not fit into 64 KiB
        HttpResponse<String> second = api.post("/api/v1/ingest/crash", event(40_000));
        gate.countDown();

        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.body()).contains("saturated");
        assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        Eventually.await(Duration.ofSeconds(10), () -> queue.queuedBytes() == 0);
        assertThat(api.post("/api/v1/ingest/crash", event(40_000)).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void aBatchHoldsNoMoreThanItsByteBound() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicBoolean writerHeld = new AtomicBoolean();
        java.util.List<Integer> batchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();
        queue.beforeWrite = batch -> {
            if (writerHeld.compareAndSet(false, true)) {
                try {
                    gate.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                batchSizes.add(batch.size());
            }
        };
        java.util.List<CompletableFuture<HttpResponse<String>>> sent = new java.util.ArrayList<>();
        sent.add(postAsync(event(10)));
        Eventually.await(Duration.ofSeconds(20), writerHeld::get);
        for (int i = 0; i < 12; i++) {
            sent.add(postAsync(event(2_000)));
        }
        Eventually.await(Duration.ofSeconds(20), () -> queue.queued() == 12);

        gate.countDown();

        for (CompletableFuture<HttpResponse<String>> response : sent) {
            assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        // each report is about 2.6 KB with its overhead: at most 4 fit into 12,000 bytes, so 12 take 3 batches or more
        assertThat(batchSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(4));
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(12);
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
    @Order(3)
    void healthIsUnhealthyOnceTheWriterIsGone() {
        assertThat(api.get("/health").statusCode()).isEqualTo(200);

        queue.stop();
        Eventually.await(Duration.ofSeconds(10), () -> !queue.alive());

        HttpResponse<String> health = api.get("/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"status\":\"unhealthy\"").contains("crash-report-writer");
        assertThat(api.post("/api/v1/ingest/crash", event(10)).statusCode()).isEqualTo(503);
    }
}
