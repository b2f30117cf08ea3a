package org.nself.crash.project;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import org.nself.shared.error.ApiException;
import org.nself.shared.limits.StorableValues;

/** The body of {@code POST /api/v1/projects}. */
@Serdeable
record CreateProjectRequest(@Nullable String name) {
    static final int MAX_NAME = 200;

    /** The name without surrounding blanks; 400 naming {@code name} when it is missing, too long or unstorable. */
    String validName() {
        String stripped = name == null ? null : name.strip();
        if (stripped == null || stripped.isEmpty()) {
            throw ApiException.invalid("name", "is required");
        }
        if (stripped.length() > MAX_NAME) {
            throw ApiException.invalid("name", "must be at most " + MAX_NAME + " characters");
        }
        return StorableValues.requireStorableText("name", stripped);
    }
}
