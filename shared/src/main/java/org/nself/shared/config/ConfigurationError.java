package org.nself.shared.config;

/**
 * A missing or malformed setting. Its message is one line naming the variable; it carries no stack
 * trace because start-up prints it as the only line an operator needs.
 */
public final class ConfigurationError extends RuntimeException {
    private final String variable;

    public ConfigurationError(String variable, String problem) {
        super(variable + ": " + problem, null, false, false);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
