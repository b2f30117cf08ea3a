package org.nself.shared.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.web.router.Router;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.nself.shared.jobs.ScheduledJob;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Keeps infra/ true to the code: the SAM template's functions, handlers, API routes and schedules, and
 * the compose file's services, ports and variables, checked against the routes and jobs a function
 * actually has. On a mismatch the message says what to add or remove.
 */
public final class InfraContract {
    /** Every variable the services read (SPEC.md §1), as EnvironmentSettings and micronaut map them. */
    public static final Set<String> KNOWN_VARIABLES = Set.of(
            "DATABASE_URL",
            "PORT",
            "HOST",
            "PLUGIN_SECRET",
            "HASURA_GRAPHQL_JWT_SECRET",
            "NSELF_LICENSE_KEY",
            "NSELF_REQUIRE_LICENSE",
            "RATE_LIMIT_MAX",
            "RATE_LIMIT_WINDOW_MS",
            "INGEST_RATE_LIMIT_PER_SECOND",
            "INGEST_ACCOUNT_RATE_LIMIT_PER_SECOND",
            "NSELF_OUTBOUND_ALLOW",
            "NSELF_TRUSTED_PROXY_HEADER",
            "LOG_LEVEL",
            "LOG_FORMAT",
            "JAVA_TOOL_OPTIONS");

    private InfraContract() {}

    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("infra"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError("no infra/ folder above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    /**
     * The SAM template defines, for the module (e.g. {@code crash-fn}), an API function whose handler
     * exists and whose HttpApi events are exactly the module's routes, and a jobs function with one
     * schedule per scheduled job.
     */
    @SuppressWarnings("unchecked")
    public static void assertSamTemplateMatches(String module, Router router, List<ScheduledJob> jobs) {
        Map<String, Object> template = yaml(repositoryRoot().resolve("infra/aws/template.yaml"));
        Map<String, Object> resources = (Map<String, Object>) template.get("Resources");
        List<Map<String, Object>> functions = resources.values().stream()
                .map(r -> (Map<String, Object>) r)
                .filter(r -> "AWS::Serverless::Function".equals(r.get("Type")))
                .map(r -> (Map<String, Object>) r.get("Properties"))
                .filter(p -> String.valueOf(p.get("CodeUri")).contains(module + "/target/"))
                .toList();
        assertThat(functions)
                .as(module + " functions in infra/aws/template.yaml")
                .isNotEmpty();

        Set<String> templateRoutes = new TreeSet<>();
        Set<String> scheduledJobs = new TreeSet<>();
        for (Map<String, Object> function : functions) {
            String handler = String.valueOf(function.get("Handler"));
            try {
                Class<?> type =
                        Class.forName(handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler);
                assertThat(com.amazonaws.services.lambda.runtime.RequestHandler.class.isAssignableFrom(type))
                        .as(handler + " is a Lambda RequestHandler")
                        .isTrue();
            } catch (ClassNotFoundException e) {
                throw new AssertionError("handler " + handler + " of " + module + " does not exist", e);
            }
            Map<String, Object> events = (Map<String, Object>) function.getOrDefault("Events", Map.of());
            for (Object value : events.values()) {
                Map<String, Object> event = (Map<String, Object>) value;
                Map<String, Object> props = (Map<String, Object>) event.get("Properties");
                switch (String.valueOf(event.get("Type"))) {
                    // a route may be listed with and without a trailing slash (Sentry SDKs post to …/envelope/)
                    case "HttpApi" ->
                        templateRoutes.add(props.get("Method").toString().toUpperCase() + " "
                                + String.valueOf(props.get("Path")).replaceAll("(.)/$", "$1"));
                    case "Schedule", "ScheduleV2" -> {
                        String input = String.valueOf(props.get("Input"));
                        scheduledJobs.add(input.replaceAll(".*\"job\"\\s*:\\s*\"([^\"]+)\".*", "$1"));
                        assertThat(String.valueOf(
                                        props.get(props.containsKey("Schedule") ? "Schedule" : "ScheduleExpression")))
                                .as("schedule expression for " + input)
                                .matches("(rate|cron)\\(.+\\)");
                    }
                    default -> throw new AssertionError("unexpected event type " + event.get("Type") + " on " + module);
                }
            }
        }
        Set<String> codeRoutes = FunctionContract.routes(router).stream()
                .map(r -> r.method().name() + " "
                        + r.template().replaceAll("\\{\\?[^}]*}", "").replaceAll("\\{([^}:]+):[^}]*}", "{$1}"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>(codeRoutes);
        missing.removeAll(templateRoutes);
        Set<String> extra = new TreeSet<>(templateRoutes);
        extra.removeAll(codeRoutes);
        assertThat(missing)
                .as("routes of " + module + " missing from infra/aws/template.yaml:\n" + eventsYaml(missing))
                .isEmpty();
        assertThat(extra)
                .as("routes in infra/aws/template.yaml that " + module + " does not have")
                .isEmpty();

        Set<String> codeJobs =
                jobs.stream().map(j -> j.schedule().name()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(scheduledJobs)
                .as("scheduled jobs of " + module + " in infra/aws/template.yaml")
                .isEqualTo(codeJobs);
    }

    private static String eventsYaml(Set<String> routes) {
        List<String> lines = new ArrayList<>();
        for (String route : routes) {
            String[] parts = route.split(" ", 2);
            String name = (parts[0].charAt(0)
                            + parts[0].substring(1).toLowerCase()
                            + parts[1].replaceAll("[^A-Za-z0-9]+", " ").strip().replace(" ", ""))
                    .replaceAll("[^A-Za-z0-9]", "");
            lines.add("        " + name + ": {Type: HttpApi, Properties: {ApiId: {Ref: HttpApi}, Method: " + parts[0]
                    + ", Path: \"" + parts[1] + "\"}}");
        }
        return String.join("\n", lines);
    }

    /** The compose file runs the module as a service on its port with only variables the code reads. */
    @SuppressWarnings("unchecked")
    public static void assertComposeMatches(String module, int port) {
        Map<String, Object> compose = yaml(repositoryRoot().resolve("infra/containers/compose.yaml"));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat(services).as("compose services").containsKeys(module, "postgres", "nginx");
        Map<String, Object> service = (Map<String, Object>) services.get(module);
        Map<String, Object> environment = (Map<String, Object>) service.get("environment");
        assertThat(environment)
                .as(module + " environment")
                .containsKeys("DATABASE_URL", "PLUGIN_SECRET", "HOST", "PORT");
        assertThat(KNOWN_VARIABLES)
                .as(module + " sets only variables the code reads")
                .containsAll(environment.keySet());
        assertThat(String.valueOf(environment.get("PORT"))).isEqualTo(String.valueOf(port));
        Object trusted = environment.get("NSELF_TRUSTED_PROXY_HEADER");
        if (trusted != null && !String.valueOf(trusted).isBlank()) {
            // a trusted header is only safe when the proxy sets it on every request it forwards
            for (String conf : List.of("infra/nginx/nself.conf", "infra/nginx/auth-request.inc")) {
                try {
                    assertThat(Files.readString(repositoryRoot().resolve(conf)))
                            .as(conf + " sets the header compose trusts for the client address")
                            .contains("proxy_set_header " + trusted + " $remote_addr;");
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        }
        Map<String, Object> build = (Map<String, Object>) service.get("build");
        Path dockerfile = repositoryRoot()
                .resolve("infra/containers")
                .resolve(String.valueOf(build.get("context")))
                .normalize()
                .resolve(String.valueOf(build.get("dockerfile")));
        assertThat(dockerfile).as(module + " Dockerfile").exists();
        try {
            String text = Files.readString(dockerfile);
            assertThat(text)
                    .contains("EXPOSE " + port)
                    .contains("HEALTHCHECK")
                    .contains(module + "/target/")
                    .containsPattern("USER\\s+\\S+");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat((List<Object>) service.getOrDefault("ports", List.of()))
                .as(module + " publishes no port: nginx is the only way in")
                .isEmpty();
    }
}
