package org.nself.shared.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A local HTTP peer that receives what a function sends out (signed webhooks, PagerDuty-style events to
 * incident-fn) and keeps each request. Answers 202 {@code {"status":"success"}} on an
 * {@code …/api/v1/integrations/events} path, as incident-fn does, and 204 elsewhere; {@link #failNext}
 * makes the next requests to a path fail, for retry tests (failed requests are not kept);
 * {@link #beforeAnswering} runs code while a request waits for its answer, for a slow target. Requests
 * are served concurrently.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One request as received; header names are lower case. */
    public record Request(String path, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private record Failure(int remaining, int status) {}

    private final HttpServer server;
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private volatile Consumer<Request> beforeAnswering = request -> {};

    private WebhookReceiver(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
    }

    public static WebhookReceiver start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        WebhookReceiver receiver = new WebhookReceiver(server);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Integer failWith = receiver.takeFailure(path);
            if (failWith != null) {
                exchange.sendResponseHeaders(failWith, -1);
                exchange.close();
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            Request request = new Request(path, headers, body);
            receiver.received.add(request);
            receiver.beforeAnswering.accept(request);
            if (path.endsWith("/api/v1/integrations/events")) {
                byte[] answer = "{\"status\":\"success\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(202, answer.length);
                exchange.getResponseBody().write(answer);
            } else {
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        server.start();
        return receiver;
    }

    /** The URL of {@code path} on this receiver. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next {@code count} requests to paths starting with {@code pathPrefix} are answered {@code status}. */
    public void failNext(String pathPrefix, int count, int status) {
        failures.put(pathPrefix, new Failure(count, status));
    }

    /** Runs {@code hook} on each kept request before it is answered (the sender waits meanwhile); null for none. */
    public void beforeAnswering(Consumer<Request> hook) {
        beforeAnswering = hook == null ? request -> {} : hook;
    }

    /** The kept requests to paths starting with {@code pathPrefix}, in arrival order. */
    public List<Request> received(String pathPrefix) {
        return received.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    private synchronized Integer takeFailure(String path) {
        for (Map.Entry<String, Failure> e : failures.entrySet()) {
            if (path.startsWith(e.getKey()) && e.getValue().remaining() > 0) {
                Failure f = e.getValue();
                e.setValue(new Failure(f.remaining() - 1, f.status()));
                return f.status();
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
