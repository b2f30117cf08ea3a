package org.nself.shared.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.naming.NameUtils;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A missing or malformed setting. Its message is one line naming the variable; it carries no stack
 * trace because start-up prints it as the only line an operator needs.
 */
public final class ConfigurationError extends RuntimeException {
    // Micronaut says which property it could not read, and which settings record component broke a
    // constraint, only in its messages (its exceptions carry neither); ConfigurationErrorTest pins both forms
    private static final Pattern UNREADABLE = Pattern.compile(
            "Error resolving property value \\[(?:\\$\\{)?([\\w.-]+)"
                    + "(?::[^\\]]*)?}?]\\. (?:Unable to convert value \\[(.*?)] to target type \\[(\\w+)]|Property doesn't exist)");
    private static final Pattern VIOLATION =
            Pattern.compile("List of constraint violations:\\[\\s*([\\w$.]+)\\.(\\w+) - ([^\\n]+)");

    private final String variable;

    public ConfigurationError(String variable, String problem) {
        super(variable + ": " + problem, null, false, false);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }

    /**
     * The setting a failed start-up stopped on, if a setting was the cause: a {@code ConfigurationError}
     * thrown while the beans were made, a property Micronaut could not convert, or a constraint of a
     * {@link ConfigurationProperties} record that a value broke. Named by its environment variable.
     */
    public static Optional<ConfigurationError> causing(Throwable startFailure) {
        for (Throwable t = startFailure; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationError error) {
                return Optional.of(error);
            }
        }
        for (Throwable t = startFailure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            Matcher violation = VIOLATION.matcher(message);
            if (violation.find()) {
                Optional<String> property = propertyOf(violation.group(1), violation.group(2));
                if (property.isPresent()) {
                    return Optional.of(new ConfigurationError(
                            variableOf(property.get()), violation.group(3).strip()));
                }
            }
            Matcher unreadable = UNREADABLE.matcher(message);
            if (unreadable.find()) {
                String problem = unreadable.group(2) == null
                        ? "is not set"
                        : expected(unreadable.group(3)) + ", got '" + unreadable.group(2) + "'";
                return Optional.of(new ConfigurationError(variableOf(unreadable.group(1)), problem));
            }
        }
        return Optional.empty();
    }

    /** The environment variable Micronaut reads a property from: {@code nself.crash.retention.days} ← NSELF_CRASH_RETENTION_DAYS. */
    static String variableOf(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String expected(String type) {
        return switch (type) {
            case "int", "long", "short", "Integer", "Long", "Short" -> "must be a whole number";
            case "double", "float", "Double", "Float", "BigDecimal" -> "must be a number";
            case "boolean", "Boolean" -> "must be true or false";
            case "Duration" -> "must be a duration such as 10s or PT10S";
            default -> "cannot be read as " + type;
        };
    }

    /** The property a component of a settings record binds: its prefix (nested records add theirs) and name. */
    private static Optional<String> propertyOf(String className, String component) {
        try {
            Class<?> type = Class.forName(className, false, ConfigurationError.class.getClassLoader());
            return prefixOf(type).map(prefix -> prefix + "." + NameUtils.hyphenate(component));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static Optional<String> prefixOf(Class<?> type) {
        ConfigurationProperties properties = type.getAnnotation(ConfigurationProperties.class);
        if (properties == null) {
            return Optional.empty();
        }
        Optional<String> outer =
                type.getEnclosingClass() == null ? Optional.empty() : prefixOf(type.getEnclosingClass());
        return Optional.of(outer.map(o -> o + "." + properties.value()).orElse(properties.value()));
    }
}
