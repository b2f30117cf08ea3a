package org.nself.crash.envelope;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the DSN public key of a Sentry request: X-Sentry-Auth, Authorization: Sentry …, ?sentry_key=, or the envelope's dsn. */
final class SentryAuth {
    private static final Pattern KEY_IN_HEADER = Pattern.compile("sentry_key\\s*=\\s*([0-9a-fA-F]{32})");
    private static final Pattern KEY_IN_DSN = Pattern.compile("^[a-z]+://([0-9a-fA-F]{32})(?::[^@]*)?@");
    private static final Pattern KEY = Pattern.compile("[0-9a-fA-F]{32}");

    private SentryAuth() {}

    static Optional<String> key(String sentryAuth, String authorization, String queryKey, String envelopeDsn) {
        for (String header : new String[] {sentryAuth, authorization}) {
            if (header != null) {
                Matcher m = KEY_IN_HEADER.matcher(header);
                if (m.find()) {
                    return Optional.of(m.group(1).toLowerCase());
                }
            }
        }
        if (queryKey != null && KEY.matcher(queryKey.strip()).matches()) {
            return Optional.of(queryKey.strip().toLowerCase());
        }
        if (envelopeDsn != null) {
            Matcher m = KEY_IN_DSN.matcher(envelopeDsn.strip());
            if (m.find()) {
                return Optional.of(m.group(1).toLowerCase());
            }
        }
        return Optional.empty();
    }
}
