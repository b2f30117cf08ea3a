package org.nself.shared.testing.hostile;

import io.micronaut.http.HttpMethod;
import io.micronaut.web.router.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.nself.shared.testing.FunctionContract;
import org.nself.shared.testing.InfraContract;

/**
 * The hostile-input suite of one function (issue 11 item 6): the function's jar runs as its own process
 * with its container image's heap ({@link FunctionProcess}), each test sends one group of hostile
 * inputs, and each input must be refused with a 4xx (or, where it says so, accepted because it is
 * valid and within the limits). After every group the process must still run, {@code /ready} must
 * answer 200 and an ordinary request must succeed; a group that leaves it dead or unhealthy fails, and
 * the next group gets a fresh process so that its result is its own.
 *
 * <p>Every input's answer and the process's peak resident memory ({@code VmHWM}, reset before each
 * input) go to a table: printed, written to {@code target/hostile-input-results.md}, and with
 * {@code -Dnself.hostile.docs=true} into this function's section of {@code docs/hostile-input-results.md}.
 */
@Tag("hostile")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class HostileSuite {
    /** What an input may get. */
    public enum Expect {
        /** a 4xx: the input is refused */
        REFUSED("4xx", o -> o.clientError()),
        /** a 4xx, or 503 with Retry-After: refused, or turned away for overload */
        REFUSED_OR_OVERLOAD("4xx or 503 + Retry-After", o -> o.clientError() || o.overloadRefusal()),
        /** valid and within the limits: stored (2xx), or refused (4xx) by a stricter limit */
        ACCEPTED_OR_REFUSED("2xx or 4xx", o -> o.success() || o.clientError()),
        /** valid, within the limits, sent many at once: 2xx, 4xx, or 503 with Retry-After */
        ACCEPTED_OR_SHED("2xx, 4xx or 503 + Retry-After", o -> o.success() || o.clientError() || o.overloadRefusal()),
        /**
         * 200 for an envelope whose bad item is dropped and counted, as Relay does (the SDK retries anything
         * else); which items were kept is checked by the functions' envelope tests
         */
        ITEM_DROPPED("200, the bad item dropped", o -> o.success()),
        /** an ordinary request after a group */
        SUCCEEDS("2xx", o -> o.success());

        final String text;
        final Predicate<Hostile.Outcome> ok;

        Expect(String text, Predicate<Hostile.Outcome> ok) {
            this.text = text;
            this.ok = ok;
        }
    }

    /** One row of the results table. */
    public record Row(
            String group, String input, String target, String result, String expected, long peakRss, boolean ok) {}

    protected FunctionProcess fn;
    private final List<Row> rows = Collections.synchronizedList(new ArrayList<>());

    /** The Maven module, e.g. {@code crash-fn}: names its Dockerfile and compose service. */
    protected abstract String module();

    /** An ordinary request that must succeed after every group (a crash report, an incident, a point). */
    protected abstract Hostile.Outcome ordinaryRequest();

    /** Runs once the process is up (also after a restart): create what the ordinary request needs. */
    protected void prepare() {}

    @BeforeAll
    void startFunction() {
        String jar = System.getProperty("nself.hostile.jar", "");
        if (jar.isBlank() || jar.contains("${")) {
            throw new AssertionError("nself.hostile.jar is not set: run the suite with mvn -Phostile verify");
        }
        ContainerImage image = ContainerImage.of(module());
        fn = FunctionProcess.start(Path.of(jar), image);
        System.out.println("[hostile] started " + image);
        prepare();
    }

    /**
     * A group after one that left the process dead, unready or above the container's memory limit (where
     * the container would have been killed; the JVM keeps what it took) gets a fresh process.
     */
    @BeforeEach
    void healthyProcess() {
        if (!fn.alive() || !fn.ready() || fn.rssBytes() > fn.image().memLimitBytes()) {
            fn.restart();
            prepare();
        }
    }

    @AfterAll
    void stopAndReport() throws IOException {
        if (fn != null) {
            fn.close();
        }
        String table = table();
        System.out.println("[hostile] results of " + module() + "\n" + table);
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("hostile-input-results.md"), table);
        if (Boolean.getBoolean("nself.hostile.docs")) {
            writeDocs(table);
        }
    }

    /** The routes that take a body (POST, PUT, PATCH), from the function's own router. */
    protected static List<FunctionContract.Route> bodyRoutes(Router router) {
        List<FunctionContract.Route> routes = FunctionContract.routes(router).stream()
                .filter(r ->
                        r.method() == HttpMethod.POST || r.method() == HttpMethod.PUT || r.method() == HttpMethod.PATCH)
                .toList();
        if (routes.isEmpty()) {
            throw new AssertionError("the router lists no route that takes a body");
        }
        return routes;
    }

    /**
     * A concrete path for a route template: optional parts dropped, {@code {/}} a slash, a numeric
     * variable {@code numeric}, any other a random UUID.
     */
    protected static String samplePath(FunctionContract.Route route, String numeric) {
        String path = route.template()
                .replaceAll("\\{\\?[^}]*}", "")
                .replace("{/}", "/")
                .replaceAll("\\{[^}/:]*:\\[0-9]\\+}", numeric);
        StringBuilder sb = new StringBuilder();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\\{[^}/]*}").matcher(path);
        while (m.find()) {
            m.appendReplacement(sb, java.util.UUID.randomUUID().toString());
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Runs one group of inputs, then the checks after it; fails with every input that went wrong. */
    protected void group(String name, java.util.function.Consumer<Group> inputs) {
        Group g = new Group(name);
        try {
            inputs.accept(g);
        } finally {
            g.afterwards();
        }
        List<Row> failed = g.rows.stream().filter(r -> !r.ok()).toList();
        if (!failed.isEmpty()) {
            String why = failed.stream()
                    .map(r -> "  " + r.input() + " → " + r.target() + ": got " + r.result() + ", expected "
                            + r.expected())
                    .collect(Collectors.joining("\n"));
            throw new AssertionError(module() + " · " + name + ": " + failed.size() + " of " + g.rows.size()
                    + " checks failed\n" + why + (fn.alive() ? "" : "\nits log ends:\n" + fn.logTail(3000)));
        }
    }

    /** The inputs of one group and their rows. */
    public final class Group {
        private final String name;
        private final List<Row> rows = new ArrayList<>();

        Group(String name) {
            this.name = name;
        }

        /** One input; the peak memory is measured around it. */
        public Hostile.Outcome input(String input, String target, Expect expect, Supplier<Hostile.Outcome> send) {
            if (!fn.alive()) {
                return record(input, target, "not sent: the process had exited", expect, -1, false, null);
            }
            fn.resetPeakRss();
            long start = System.nanoTime();
            Hostile.Outcome outcome = send.get();
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            long peak = fn.peakRssBytes();
            return record(
                    input,
                    target,
                    outcome + " (" + millis + " ms)" + overLimit(peak),
                    expect,
                    peak,
                    expect.ok.test(outcome) && withinLimit(peak),
                    outcome);
        }

        /** Many requests at once (concurrency is the input); one row summarising their answers. */
        public List<Hostile.Outcome> inputs(
                String input, String target, Expect expect, Supplier<List<Hostile.Outcome>> send) {
            if (!fn.alive()) {
                record(input, target, "not sent: the process had exited", expect, -1, false, null);
                return List.of();
            }
            fn.resetPeakRss();
            long start = System.nanoTime();
            List<Hostile.Outcome> outcomes = send.get();
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            Map<String, Integer> counts = new TreeMap<>();
            List<Hostile.Outcome> bad = new ArrayList<>();
            for (Hostile.Outcome o : outcomes) {
                counts.merge(
                        o.answered()
                                ? Integer.toString(o.status())
                                : o.failure().replaceAll(" \\(.*", ""),
                        1,
                        Integer::sum);
                if (!expect.ok.test(o)) {
                    bad.add(o);
                }
            }
            long peak = fn.peakRssBytes();
            String summary = counts.entrySet().stream()
                            .map(e -> e.getValue() + "× " + e.getKey())
                            .collect(Collectors.joining(", "))
                    + " (" + millis + " ms)" + (bad.isEmpty() ? "" : "; e.g. " + bad.get(0)) + overLimit(peak);
            record(input, target, summary, expect, peak, bad.isEmpty() && withinLimit(peak), null);
            return outcomes;
        }

        private Hostile.Outcome record(
                String input,
                String target,
                String result,
                Expect expect,
                long peak,
                boolean ok,
                Hostile.Outcome outcome) {
            Row row = new Row(name, input, target, result, expect.text, peak, ok);
            rows.add(row);
            HostileSuite.this.rows.add(row);
            return outcome;
        }

        /**
         * Within the container's {@code mem_limit}: above it the kernel would kill the container, whatever
         * the heap; a JVM outside a container is not stopped there, so it is checked here.
         */
        private boolean withinLimit(long peak) {
            return peak < 0 || peak <= fn.image().memLimitBytes();
        }

        private String overLimit(long peak) {
            return withinLimit(peak)
                    ? ""
                    : "; peak RSS " + (peak >> 20) + " MiB is over the container's mem_limit of "
                            + (fn.image().memLimitBytes() >> 20) + " MiB";
        }

        void afterwards() {
            // /ready first: a process about to end (OutOfMemoryError) is not counted as running
            Hostile.Outcome ready = fn.alive()
                    ? Hostile.send(fn, "GET", "/ready", Map.of(), null, Duration.ofSeconds(30))
                    : new Hostile.Outcome(0, null, null, "not sent: the process had exited");
            if (!ready.answered()) {
                fn.awaitExit(Duration.ofSeconds(10)); // refused connections: it may be ending
            }
            boolean alive = fn.alive();
            record(
                    "afterwards: the process runs",
                    "",
                    alive ? "running" : "exited with " + fn.exitCode(),
                    Expect.SUCCEEDS,
                    -1,
                    alive,
                    null);
            if (!alive) {
                return;
            }
            record(
                    "afterwards: /ready",
                    "GET /ready",
                    ready.toString(),
                    Expect.SUCCEEDS,
                    -1,
                    ready.status() == 200,
                    ready);
            Hostile.Outcome ordinary = ordinaryRequest();
            record(
                    "afterwards: an ordinary request",
                    "",
                    ordinary.toString(),
                    Expect.SUCCEEDS,
                    -1,
                    ordinary.success(),
                    ordinary);
        }
    }

    private String table() {
        StringBuilder sb = new StringBuilder();
        ContainerImage image = ContainerImage.of(module());
        sb.append("### ").append(module()).append("\n\n");
        sb.append("`java ")
                .append(String.join(" ", image.jvmArguments()))
                .append(" -jar` with `JAVA_TOOL_OPTIONS=\"")
                .append(image.javaToolOptions())
                .append("\"` (container `mem_limit` ")
                .append(image.memLimitBytes() >> 20)
                .append(" MiB).\n\n");
        sb.append("| group | input | target | result | expected | peak RSS | ok |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        synchronized (rows) {
            for (Row r : rows) {
                sb.append("| ")
                        .append(cell(r.group()))
                        .append(" | ")
                        .append(cell(r.input()))
                        .append(" | ")
                        .append(cell(r.target()))
                        .append(" | ")
                        .append(cell(r.result()))
                        .append(" | ")
                        .append(cell(r.expected()))
                        .append(" | ")
                        .append(r.peakRss() < 0 ? "" : (r.peakRss() >> 20) + " MiB")
                        .append(" | ")
                        .append(r.ok() ? "yes" : "**NO**")
                        .append(" |\n");
            }
        }
        return sb.toString();
    }

    private static String cell(String s) {
        String t = s.replace("|", "\\|").replace("\n", " ");
        return t.length() > 220 ? t.substring(0, 220) + "…" : t;
    }

    /** Replaces this function's section of docs/hostile-input-results.md (between its markers). */
    private void writeDocs(String table) {
        Path doc = InfraContract.repositoryRoot().resolve("docs/hostile-input-results.md");
        String begin = "<!-- hostile:" + module() + " -->";
        String end = "<!-- /hostile:" + module() + " -->";
        try {
            String text = Files.exists(doc) ? Files.readString(doc) : "# Hostile-input suite results\n";
            String section = begin + "\n" + table + end;
            int from = text.indexOf(begin);
            int to = text.indexOf(end);
            text = from >= 0 && to > from
                    ? text.substring(0, from) + section + text.substring(to + end.length())
                    : text.stripTrailing() + "\n\n" + section + "\n";
            Files.writeString(doc, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
