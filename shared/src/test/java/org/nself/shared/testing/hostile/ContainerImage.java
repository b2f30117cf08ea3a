package org.nself.shared.testing.hostile;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nself.shared.testing.InfraContract;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The JVM a function's container image runs: {@code JAVA_TOOL_OPTIONS} from
 * {@code infra/containers/<module>.Dockerfile} and the memory the compose file gives the container
 * ({@code mem_limit}). Outside a container the JVM does not see that limit, so the heap it would size
 * from {@code -XX:MaxRAMPercentage} is passed explicitly as {@code -Xmx}; read from the files, so the
 * hostile-input suite follows the images when they change.
 */
public record ContainerImage(String module, String javaToolOptions, long memLimitBytes, double maxRamPercentage) {
    private static final Pattern TOOL_OPTIONS = Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]*)\"");
    private static final Pattern MAX_RAM_PERCENTAGE = Pattern.compile("-XX:MaxRAMPercentage=([0-9.]+)");
    private static final Pattern SIZE = Pattern.compile("([0-9]+)\\s*([kmg]?)b?");
    /** The JVM's default MaxRAMPercentage when an image sets none. */
    private static final double JVM_DEFAULT_PERCENTAGE = 25;

    public static ContainerImage of(String module) {
        Path root = InfraContract.repositoryRoot();
        Path dockerfile = root.resolve("infra/containers/" + module + ".Dockerfile");
        String text;
        try {
            text = Files.readString(dockerfile);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + dockerfile, e);
        }
        Matcher options = TOOL_OPTIONS.matcher(text);
        String toolOptions = options.find() ? options.group(1).strip() : "";
        Matcher percentage = MAX_RAM_PERCENTAGE.matcher(toolOptions);
        double pct = percentage.find() ? Double.parseDouble(percentage.group(1)) : JVM_DEFAULT_PERCENTAGE;
        return new ContainerImage(
                module, toolOptions, memLimit(root.resolve("infra/containers/compose.yaml"), module), pct);
    }

    @SuppressWarnings("unchecked")
    private static long memLimit(Path compose, String module) {
        Map<String, Object> doc;
        try (Reader reader = Files.newBufferedReader(compose)) {
            doc = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + compose, e);
        }
        Map<String, Object> services = (Map<String, Object>) doc.get("services");
        Map<String, Object> service = services == null ? null : (Map<String, Object>) services.get(module);
        Object limit = service == null ? null : service.get("mem_limit");
        if (limit == null) {
            throw new AssertionError(compose + " gives service " + module + " no mem_limit");
        }
        Matcher m = SIZE.matcher(limit.toString().strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new AssertionError("mem_limit of " + module + " is not a size: " + limit);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            default -> n;
        };
    }

    /** The heap the JVM gives itself inside the container. */
    public long heapBytes() {
        return (long) (memLimitBytes * maxRamPercentage / 100);
    }

    /** {@code -Xmx} (MiB) for a JVM started outside the container, as it would size itself inside. */
    public List<String> jvmArguments() {
        List<String> args = new ArrayList<>();
        args.add("-Xmx" + (heapBytes() >> 20) + "m");
        return args;
    }

    @Override
    public String toString() {
        return module + ": mem_limit " + (memLimitBytes >> 20) + " MiB, " + String.join(" ", jvmArguments()) + ", "
                + "JAVA_TOOL_OPTIONS=\"" + javaToolOptions + "\"";
    }
}
