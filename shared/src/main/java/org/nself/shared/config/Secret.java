package org.nself.shared.config;

/**
 * A credential from configuration (a signing secret, a bearer token). Settings records hold it instead of a
 * {@code String} so that their generated {@code toString} never prints it; {@link SecretConverters} binds it
 * from the property's text. Empty when the property is empty.
 */
public record Secret(String value) {
    public Secret {
        value = value == null ? "" : value;
    }

    public boolean isBlank() {
        return value.isBlank();
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "" : "…";
    }
}
