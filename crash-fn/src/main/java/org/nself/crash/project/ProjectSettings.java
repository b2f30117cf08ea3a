package org.nself.crash.project;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Pattern;

/** {@code nself.crash.public-url} (NSELF_CRASH_PUBLIC_URL): the base URL DSNs name, empty for the request's own. */
@ConfigurationProperties("nself.crash")
@Context
record ProjectSettings(
        @Pattern(
                        regexp = "\\s*(" + ProjectSettings.PUBLIC_URL + ")?\\s*",
                        message = "must look like https://host[:port][/prefix]")
                String publicUrl) {
    /** Scheme, host[:port] and path prefix, each a group. */
    static final String PUBLIC_URL = "(https?)://([A-Za-z0-9.:\\[\\]-]{1,255})((/[A-Za-z0-9._~-]{1,64}){0,8})/?";
}
