package org.nself.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.nself.shared.testing.TestHttp;

/** A test's view of the incident API as one account. */
public final class Api {
    public static final ObjectMapper JSON = new ObjectMapper();
    private final TestHttp http;
    private final String account;

    public Api(URL base, String account) {
        this.http = new TestHttp(base);
        this.account = account;
    }

    public static String freshAccount() {
        return "t-" + UUID.randomUUID().toString().substring(0, 18);
    }

    public String account() {
        return account;
    }

    public TestHttp.Response get(String path) {
        return http.get(path, TestHttp.asAccount(account));
    }

    public TestHttp.Response post(String path, String body) {
        return http.send("POST", path, TestHttp.asAccount(account), body);
    }

    public TestHttp.Response send(String method, String path, String body, Map<String, String> extra) {
        Map<String, String> headers = new HashMap<>(TestHttp.asAccount(account));
        headers.putAll(extra);
        return http.send(method, path, headers, body);
    }

    public TestHttp.Response patch(String path, String body) {
        return http.send("PATCH", path, TestHttp.asAccount(account), body);
    }

    public JsonNode createIncident(String body) {
        TestHttp.Response r = post("/api/v1/incidents", body);
        if (r.status() != 201) {
            throw new AssertionError("create failed: " + r.status() + " " + r.body());
        }
        return json(r);
    }

    /** Runs {@code n} tasks at once (released together) and returns their results in task order. */
    public static <T> java.util.List<T> concurrently(int n, java.util.function.IntFunction<T> task) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            java.util.List<java.util.concurrent.Future<T>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.apply(index);
                }));
            }
            start.countDown();
            java.util.List<T> out = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<T> f : futures) {
                out.add(f.get(120, java.util.concurrent.TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    public static JsonNode json(TestHttp.Response r) {
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }
}
