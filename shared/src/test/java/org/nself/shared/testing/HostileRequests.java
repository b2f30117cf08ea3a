package org.nself.shared.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.core.type.Argument;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.web.router.Router;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.testing.FunctionContract.Route;

/**
 * "No input gives a 500", as a property: a function's server is started with its real routes, and
 * every route the router holds (taken from the running router by {@link FunctionContract#routes}, so a
 * route added later is driven without editing a test) gets generated hostile path variables, query
 * values and bodies: NUL and other control characters, lone surrogates and invalid UTF-8, numbers
 * beyond every type ({@code 1e400}, 2^63, 2^31), out-of-range timestamps (year 0, 99999, -1e18 epoch),
 * very long strings, deep nesting, wrong JSON types in the fields of valid example bodies, empty and
 * non-JSON bodies. Any 5xx other than 503, any error not in the nself shape (its code matching its
 * status), and a 400 without details, fails.
 *
 * <p>jqwik runs beside Jupiter on the JUnit platform but has no Micronaut extension, so the server is
 * started here (the same properties as {@link PostgresTest}, environment {@code test}) from a jqwik
 * {@code @BeforeContainer} of the function's test class.
 */
public final class HostileRequests implements AutoCloseable {
    /** The account every hostile request names: its data never meets another test's. */
    public static final String ACCOUNT = "t-hostile";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]*)}");
    /** Netty's default limit of the request line (micronaut.server.netty.max-initial-line-length). */
    private static final int MAX_INITIAL_LINE = 4096;

    private final ApplicationContext context;
    private final EmbeddedServer server;
    private final List<Route> routes;
    private final Map<String, List<String>> routeQueryNames;
    private final TestHttp http;
    private final List<String> knownPathValues = new CopyOnWriteArrayList<>();
    private final Map<String, Map<Integer, Integer>> seen = new java.util.concurrent.ConcurrentSkipListMap<>();

    private HostileRequests(EmbeddedServer server) {
        this.server = server;
        this.context = server.getApplicationContext();
        Router router = context.getBean(Router.class);
        this.routes = FunctionContract.routes(router);
        this.routeQueryNames = queryNames(router);
        this.http = new TestHttp(server.getURL());
    }

    /**
     * Starts the function in this JVM on a random port against {@link TestDatabase}, with the rate
     * limits off (thousands of requests from one address are the point here) and {@code extra} on top.
     */
    public static HostileRequests start(Map<String, String> extra) {
        Map<String, Object> props = new HashMap<>(new PostgresTest() {}.getProperties());
        props.put("micronaut.server.port", "-1");
        props.put("nself.rate-limit.max", "0");
        props.put("nself.rate-limit.ingest-per-second", "0");
        props.put("nself.rate-limit.ingest-account-per-second", "0");
        props.putAll(extra);
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props, Environment.TEST);
        return new HostileRequests(server);
    }

    public EmbeddedServer server() {
        return server;
    }

    public ApplicationContext context() {
        return context;
    }

    public List<Route> routes() {
        return routes;
    }

    public TestHttp http() {
        return http;
    }

    /** Ids of resources that exist, so that path variables sometimes name one and the handler goes deep. */
    public void knownPathValues(String... values) {
        knownPathValues.addAll(List.of(values));
    }

    /** How often each route answered each status so far: to see that the inputs reach the handlers. */
    public String answers() {
        return seen.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        context.close();
    }

    // ---------------------------------------------------------------- what is sent

    /** Who sends it: the plugin secret (so requests reach the handlers) or nobody. */
    public enum Caller {
        PLUGIN_SECRET,
        NO_TOKEN
    }

    /** A request body: raw bytes and a content type ({@code none}: no Content-Type header). */
    public record Body(byte[] bytes, String contentType, String description) {
        @Override
        public String toString() {
            return description + " as " + contentType;
        }
    }

    /** One hostile request: a route, the path and query sent to it, and a body where its method allows one. */
    public record Request(Route route, String path, Body body) {
        @Override
        public String toString() {
            return route.method() + " " + abbreviate(path, 300) + (body == null ? "" : " with " + body);
        }
    }

    /**
     * Hostile requests to every route of this function (routes that take a body three times as often:
     * they have more to get wrong): path variables take hostile segments or the ids of
     * {@link #knownPathValues}; query parameters are those the route binds with {@code @QueryValue}
     * and {@code queryNames} (those the function reads without binding), with hostile values, and now
     * and then one of {@code knownQuery} (e.g. a valid DSN key) so that the request gets past its first
     * check; bodies are valid example bodies with one to three places replaced by hostile values, or
     * not JSON at all. {@code seeds} maps a route ("POST /api/v1/things") to its example bodies; a
     * route it does not name gets all of them.
     */
    public Arbitrary<Request> requests(
            Map<String, List<String>> seeds, List<String> queryNames, List<String> knownQuery) {
        List<JsonNode> all = seeds.values().stream()
                .flatMap(List::stream)
                .distinct()
                .map(HostileRequests::tree)
                .toList();
        Arbitrary<String> known = knownPathValues.isEmpty()
                ? hostileSegments()
                : Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(knownPathValues)), Tuple.of(2, hostileSegments()));
        List<Tuple.Tuple2<Integer, Route>> weighted = routes.stream()
                .map(r -> Tuple.of(r.method().permitsRequestBody() ? 3 : 1, r))
                .toList();
        @SuppressWarnings("unchecked")
        // without edge cases: jqwik would otherwise favour the first and last routes
        Arbitrary<Route> route =
                Arbitraries.frequency(weighted.toArray(Tuple.Tuple2[]::new)).withoutEdgeCases();
        return route.flatMap(r -> {
            List<String> names = new ArrayList<>(routeQueryNames.getOrDefault(r.toString(), List.of()));
            names.addAll(queryNames);
            names.addAll(List.of("limit", "offset"));
            Arbitrary<String> hostilePair = Combinators.combine(
                            Arbitraries.of(names.stream().distinct().toList()), hostileQueryValues())
                    .as((name, value) -> name + "=" + value);
            Arbitrary<String> pair = knownQuery.isEmpty()
                    ? hostilePair
                    : Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(knownQuery)), Tuple.of(2, hostilePair));
            List<JsonNode> own = seeds.containsKey(r.toString())
                    ? seeds.get(r.toString()).stream()
                            .map(HostileRequests::tree)
                            .toList()
                    : all;
            Arbitrary<Body> body = r.method().permitsRequestBody() ? bodies(own) : Arbitraries.just(null);
            // a DELETE never names a known resource: the other routes need them to go deep
            Arbitrary<String> segment = r.method() == io.micronaut.http.HttpMethod.DELETE ? hostileSegments() : known;
            return Combinators.combine(
                            segment.list().ofMinSize(1).ofMaxSize(3),
                            pair.list().ofMaxSize(3),
                            body)
                    .as((segments, query, b) -> new Request(r, path(r.template(), segments, query), b));
        });
    }

    /** The template with its variables replaced by {@code segments} in turn, and the query appended. */
    static String path(String template, List<String> segments, List<String> query) {
        StringBuilder out = new StringBuilder();
        Matcher m = VARIABLE.matcher(template);
        int i = 0;
        int last = 0;
        while (m.find()) {
            out.append(template, last, m.start());
            String variable = m.group(1);
            if (!variable.startsWith("?") && !variable.startsWith("&")) {
                out.append(variable.startsWith("/") ? "/" : "").append(segments.get(i++ % segments.size()));
            }
            last = m.end();
        }
        out.append(template.substring(last));
        String path = out.toString();
        return (path.isEmpty() ? "/" : path) + (query.isEmpty() ? "" : "?" + String.join("&", query));
    }

    // ---------------------------------------------------------------- the check

    /** Sends the request as {@code caller}; fails unless the answer keeps the promise. */
    public void assertAnswered(Request request, Caller caller) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-App-Name", ACCOUNT);
        if (caller == Caller.PLUGIN_SECRET) {
            headers.put("Authorization", "Bearer " + PostgresTest.PLUGIN_SECRET);
        }
        byte[] body = null;
        if (request.body() != null) {
            body = request.body().bytes();
            if (!request.body().contentType().equals("none")) {
                headers.put("Content-Type", request.body().contentType());
            }
        }
        TestHttp.Response response;
        try {
            response = send(request.route(), request.path(), headers, body);
        } catch (IllegalArgumentException e) {
            // the JDK client refuses to send this URI at all (nothing reaches the server)
            return;
        } catch (UncheckedIOException e) {
            if (request.path().length() > MAX_INITIAL_LINE && body != null) {
                // Netty answers an over-long request line with 413 and closes the connection at once;
                // a client still sending its body may see the close before the answer
                return;
            }
            throw new AssertionError(request + " as " + caller + " got no answer: "
                    + e.getCause().getMessage());
        }
        seen.computeIfAbsent(request.route().toString(), k -> new java.util.TreeMap<>())
                .merge(response.status(), 1, Integer::sum);
        String problem = problem(response);
        if (problem != null) {
            throw new AssertionError(request + " as " + caller + " → " + problem);
        }
    }

    private TestHttp.Response send(Route route, String path, Map<String, String> headers, byte[] body) {
        try {
            return http.send(route.method().name(), path, headers, body);
        } catch (UncheckedIOException e) {
            // a pooled connection the server closed after an earlier refusal (it closes when it answers
            // before reading a whole body): once more on a new connection, which must answer
            return http.send(route.method().name(), path, headers, body);
        }
    }

    /** Why an answer breaks the promise, or null. */
    static String problem(TestHttp.Response response) {
        int status = response.status();
        String body = abbreviate(response.body(), 400);
        if (status >= 500 && status != 503) {
            return status + " " + body;
        }
        if (status < 400) {
            return null;
        }
        JsonNode error;
        try {
            error = JSON.readTree(response.body());
        } catch (IOException e) {
            return status + " with a body that is not JSON: " + body;
        }
        if (error == null
                || !error.isObject()
                || !error.path("error").isTextual()
                || !error.path("code").isTextual()
                || !error.path("timestamp").isTextual()) {
            return status + " not in the nself shape: " + body;
        }
        try {
            Instant.parse(error.get("timestamp").asText());
            if (ErrorCode.valueOf(error.get("code").asText()).status().getCode() != status
                    && !(status == 503 && error.get("code").asText().equals("DATABASE_ERROR"))) {
                return status + " with the code of another status: " + body;
            }
        } catch (RuntimeException e) {
            return status + " with an unknown code or a bad timestamp: " + body;
        }
        JsonNode details = error.get("details");
        if (status == 400 && (details == null || details.isEmpty())) {
            return "400 without details: " + body;
        }
        if (details != null) {
            if (!details.isArray()) {
                return status + " with details that are not an array: " + body;
            }
            for (JsonNode d : details) {
                if (!d.path("message").isTextual()) {
                    return status + " with a detail without a message: " + body;
                }
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- generators

    /** Path segments, percent-encoded as a client would send them. */
    static Arbitrary<String> hostileSegments() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "%00",
                        "a%00b",
                        "00000000-0000-0000-0000-000000000000%00",
                        "%01%1F%7F",
                        "%FF%FE",
                        "%C3%28",
                        "%ED%A0%80",
                        "%F4%90%80%80",
                        "%E2%80%AE",
                        "%20",
                        "..",
                        ".",
                        "-1",
                        "0",
                        "2147483648",
                        "9223372036854775808",
                        "99999999999999999999999999",
                        "1e400",
                        "NaN",
                        "-Infinity",
                        "00000000-0000-0000-0000-000000000000",
                        "ffffffff-ffff-ffff-ffff-ffffffffffff",
                        "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
                        "0000-01-01T00:00:00Z",
                        "%2B99999-01-01T00:00:00Z",
                        "%5Cx00",
                        "%25",
                        "%2F",
                        "x".repeat(5000)),
                anyText(24).map(HostileRequests::percentEncode));
    }

    /** Query values, percent-encoded: NUL and broken text, numbers beyond their types, timestamps beyond range. */
    static Arbitrary<String> hostileQueryValues() {
        return Arbitraries.frequencyOf(
                Tuple.of(
                        3,
                        Arbitraries.of(
                                "%00",
                                "a%00",
                                "2026-01-01T00:00:00Z%00",
                                "1%00",
                                "primary%00",
                                "%01%02%1B",
                                "%FF",
                                "%C3%28",
                                "%ED%A0%80",
                                "",
                                "a,b,,%00",
                                "x".repeat(3000))),
                Tuple.of(
                        3,
                        Arbitraries.of(
                                "-1",
                                "0",
                                "-0",
                                "2147483648",
                                "-2147483649",
                                "9223372036854775807",
                                "9223372036854775808",
                                "-9223372036854775809",
                                "99999999999999999999999999999999",
                                "1e400",
                                "-1e400",
                                "1e-400",
                                "NaN",
                                "Infinity",
                                "0x7fffffff",
                                "1.5",
                                "-1000000000000000000",
                                "1000000000000000000",
                                "99999d",
                                "-5d",
                                "0d",
                                "9999999999h",
                                "106751991167301d")),
                Tuple.of(
                        3,
                        Arbitraries.of(
                                "0000-01-01T00:00:00Z",
                                "0001-01-01T00:00:00Z",
                                "%2B99999-01-01T00:00:00Z",
                                "-999999999-01-01T00:00:00Z",
                                "%2B294277-01-01T00:00:00Z",
                                "%2B999999999-12-31T23:59:59Z",
                                "-4714-11-23T00:00:00Z",
                                "-4713-11-24T00:00:00Z",
                                "9999-12-31T23:59:59.999999999Z",
                                "2026-13-45T99:99:99Z",
                                "2026-01-01T00:00:00%2B18:00",
                                "2026-01-01T00:00:00-18:00")),
                Tuple.of(2, anyText(16).map(HostileRequests::percentEncode)));
    }

    /** Literal JSON values (text, as written on the wire) that no field should choke on. */
    static Arbitrary<String> hostileJsonValues() {
        return Arbitraries.frequencyOf(
                Tuple.of(
                        3,
                        Arbitraries.of(
                                "\"\\u0000\"",
                                "\"a\\u0000b\"",
                                "\"2026-01-01T00:00:00Z\\u0000\"",
                                "\"\\ud800\"",
                                "\"x\\udc00y\"",
                                "\"\\u0001\\u001f\\u007f\"",
                                "\"\"",
                                "\" \"",
                                "\"" + "x".repeat(70_000) + "\"",
                                "[\"\\u0000\"]",
                                "{\"\\u0000\":\"\\u0000\"}",
                                "{\"k\":\"\\u0000\"}")),
                Tuple.of(
                        3,
                        Arbitraries.of(
                                "1e400",
                                "-1e400",
                                "1e-400",
                                "1e308",
                                "-1e308",
                                "4.9e-324",
                                "99999999999999999999999999999",
                                "-99999999999999999999999999999",
                                "123456789012345678901234567890.5",
                                "9223372036854775807",
                                "9223372036854775808",
                                "-9223372036854775809",
                                "2147483648",
                                "-2147483649",
                                "4294967296",
                                "1000000000000000000",
                                "-1000000000000000000",
                                "0",
                                "-0",
                                "-1",
                                "0.5",
                                "\"-1\"",
                                "\"1e400\"",
                                "\"NaN\"")),
                Tuple.of(
                        3,
                        Arbitraries.of(
                                "\"0000-01-01T00:00:00Z\"",
                                "\"0001-01-01T00:00:00Z\"",
                                "\"+99999-01-01T00:00:00Z\"",
                                "\"-999999999-01-01T00:00:00Z\"",
                                "\"+294277-01-01T00:00:00Z\"",
                                "\"-4714-11-23T00:00:00Z\"",
                                "\"9999-12-31T23:59:59.999999999Z\"",
                                "\"2026-13-45T99:99:99Z\"",
                                "\"2026-01-01T00:00:00\"",
                                "253402300800",
                                "-62135596801",
                                "9999999999999",
                                "-1e18",
                                "1e18")),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "true",
                                "false",
                                "null",
                                "[]",
                                "{}",
                                "[null]",
                                "{\"\":null}",
                                "[" + "0,".repeat(20_000) + "0]",
                                "[".repeat(2000) + "]".repeat(2000),
                                "{\"a\":".repeat(2000) + "1" + "}".repeat(2000),
                                "\"00000000-0000-0000-0000-000000000000\"")),
                Tuple.of(1, anyText(24).map(HostileRequests::jsonString)),
                Tuple.of(1, Arbitraries.longs().map(String::valueOf)),
                Tuple.of(
                        1,
                        Arbitraries.doubles().map(String::valueOf).filter(d -> !d.contains("N") && !d.contains("I"))));
    }

    /** Bodies that are not a JSON document, or not the JSON a route expects. */
    static Arbitrary<byte[]> rawBodies() {
        return Arbitraries.of(
                        "",
                        " ",
                        "null",
                        "[]",
                        "\"text\"",
                        "0",
                        "1e400",
                        "{",
                        "}",
                        "abc",
                        "{\"a\":1}{\"b\":2}",
                        "{\"a\":1,\"a\":2}",
                        "\uFEFF{}",
                        "[".repeat(2000),
                        "[".repeat(2000) + "]".repeat(2000),
                        "{}\n{\"type\":\"event\",\"length\":99999999}\n{}",
                        "{}\n{\"type\":\"event\",\"length\":-1}\n{}",
                        "{\"event_id\":\"\\u0000\"}\n{\"type\":\"\\u0000\"}\n\u0000",
                        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\u0000\"\r\n\r\n\u0000\r\n--b--\r\n",
                        "MODULE Linux x86_64 000000000000000000000000000000000 \u0000\nFUNC zz zz zz \u0000\n")
                .map(s -> s.getBytes(StandardCharsets.UTF_8))
                .flatMap(b -> Arbitraries.of(
                        b,
                        withBytes(b, new byte[] {0}),
                        withBytes(b, new byte[] {(byte) 0xC3, 0x28}),
                        withBytes(b, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})));
    }

    private Arbitrary<Body> bodies(List<JsonNode> seeds) {
        Arbitrary<String> contentType = Arbitraries.frequency(
                Tuple.of(12, "application/json"),
                Tuple.of(1, "text/plain"),
                Tuple.of(1, "application/x-sentry-envelope"),
                Tuple.of(1, "application/octet-stream"),
                Tuple.of(1, "multipart/form-data; boundary=b"),
                Tuple.of(1, "application/json; charset=ISO-8859-1"),
                Tuple.of(1, "none"));
        Arbitrary<Body> mutated = seeds.isEmpty()
                ? Arbitraries.just(new Body("{}".getBytes(StandardCharsets.UTF_8), "application/json", "{}"))
                : Combinators.combine(
                                Arbitraries.of(seeds),
                                Combinators.combine(Arbitraries.integers().between(0, 10_000), hostileJsonValues())
                                        .as(Tuple::of)
                                        .list()
                                        .ofMinSize(1)
                                        .ofMaxSize(3),
                                contentType)
                        .as((seed, mutations, type) -> {
                            String text = mutate(seed, mutations);
                            return new Body(text.getBytes(StandardCharsets.UTF_8), type, abbreviate(text, 300));
                        });
        Arbitrary<Body> raw = Combinators.combine(rawBodies(), contentType)
                .as((bytes, type) ->
                        new Body(bytes, type, abbreviate(new String(bytes, StandardCharsets.UTF_8), 100) + " (raw)"));
        Arbitrary<Body> value = Combinators.combine(hostileJsonValues(), contentType)
                .as((text, type) -> new Body(text.getBytes(StandardCharsets.UTF_8), type, abbreviate(text, 100)));
        return Arbitraries.frequencyOf(Tuple.of(6, mutated), Tuple.of(2, raw), Tuple.of(1, value));
    }

    /**
     * The seed with each mutation applied: the {@code index}-th place of the tree (an object member, an
     * array element, or a new member of an object) takes the hostile literal.
     */
    static String mutate(JsonNode seed, List<Tuple.Tuple2<Integer, String>> mutations) {
        Map<String, String> replaced = new LinkedHashMap<>();
        List<String> places = new ArrayList<>();
        places(seed, "", places);
        for (Tuple.Tuple2<Integer, String> m : mutations) {
            replaced.put(places.get(m.get1() % places.size()), m.get2());
        }
        StringBuilder out = new StringBuilder();
        write(seed, "", replaced, out);
        return out.toString();
    }

    /** Every place a value can be put: each member and element, and a new member of each object. */
    private static void places(JsonNode node, String at, List<String> out) {
        if (node.isObject()) {
            out.add(at + "/+");
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.add(at + "/" + e.getKey());
                places(e.getValue(), at + "/" + e.getKey(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.add(at + "/" + i);
                places(node.get(i), at + "/" + i, out);
            }
        } else if (at.isEmpty()) {
            out.add("");
        }
    }

    private static void write(JsonNode node, String at, Map<String, String> replaced, StringBuilder out) {
        if (replaced.containsKey(at)) {
            out.append(replaced.get(at));
            return;
        }
        if (node.isObject()) {
            out.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.append(first ? "" : ",").append(jsonString(e.getKey())).append(':');
                write(e.getValue(), at + "/" + e.getKey(), replaced, out);
                first = false;
            }
            String added = replaced.get(at + "/+");
            if (added != null) {
                // a member the route does not expect, named like a field it has
                out.append(first ? "" : ",")
                        .append("\"extra_")
                        .append(Math.abs(added.hashCode() % 7))
                        .append("\":");
                out.append(added);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(node.get(i), at + "/" + i, replaced, out);
            }
            out.append(']');
        } else {
            out.append(node.toString());
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Any characters, control characters and lone surrogates included. */
    private static Arbitrary<String> anyText(int maxLength) {
        return Arbitraries.strings().all().ofMaxLength(maxLength);
    }

    /** A JSON string literal; lone surrogates are written as {@code \\uXXXX} escapes, as a client could. */
    static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String percentEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] withBytes(byte[] body, byte[] inserted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = body.length / 2;
        out.write(body, 0, at);
        out.write(inserted, 0, inserted.length);
        out.write(body, at, body.length - at);
        return out.toByteArray();
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a seed body must be valid JSON: " + json, e);
        }
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…(" + s.length() + " chars)";
    }

    /** Per route ("METHOD /template"), the names of the query parameters it binds with {@code @QueryValue}. */
    private static Map<String, List<String>> queryNames(Router router) {
        Map<String, List<String>> names = new HashMap<>();
        router.uriRoutes().forEach(r -> {
            List<String> bound = java.util.Arrays.stream(r.getTargetMethod().getArguments())
                    .filter(a -> a.getAnnotationMetadata().hasAnnotation(QueryValue.class))
                    .map(HostileRequests::queryName)
                    .toList();
            names.computeIfAbsent(r.getHttpMethod() + " " + r.getUriMatchTemplate(), k -> new ArrayList<>())
                    .addAll(bound);
        });
        return names;
    }

    private static String queryName(Argument<?> argument) {
        AnnotationMetadata metadata = argument.getAnnotationMetadata();
        return metadata.stringValue(QueryValue.class).filter(s -> !s.isEmpty()).orElse(argument.getName());
    }
}
