package org.nself.crash.project;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;

/**
 * A DSN's project, a row of {@code np_crash_projects}: its account, its numeric id, its name and its
 * public key. The id and the creation time are the database's ({@code BIGSERIAL}, {@code now()}).
 */
@MappedEntity("np_crash_projects")
public record Project(
        @Id @GeneratedValue @Nullable Long id,
        @MappedProperty("source_account_id") String account,
        String name,
        String publicKey,
        @GeneratedValue @Nullable Instant createdAt) {}
