package org.nself.crash.project;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** A project with the DSN to configure a Sentry SDK with. */
@Serdeable
record ProjectView(long id, String name, String publicKey, String dsn, Instant createdAt) {}
