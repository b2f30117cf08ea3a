package org.nself.shared.tenancy;

import io.micronaut.serde.annotation.Serdeable;
import java.util.regex.Pattern;
import org.nself.shared.error.ApiException;

/** The tenant a row belongs to: {@code source_account_id}. */
@Serdeable
public record AccountId(String value) {
    static final Pattern PATTERN = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,127}$");
    public static final AccountId PRIMARY = new AccountId("primary");

    public AccountId {
        if (value == null || !PATTERN.matcher(value).matches()) {
            throw ApiException.invalid("source_account_id", "must match ^[a-z0-9][a-z0-9_-]{0,127}$");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
