package org.nself.shared.sample;

import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;
import java.util.UUID;

/** A row of the shared module's test resource: just enough to exercise tenancy, paging and errors. */
@MappedEntity("np_sharedtest_things")
record Thing(
        @Id UUID id,
        @MappedProperty("source_account_id") String sourceAccountId,
        String name,
        String kind,
        int weight,
        @GeneratedValue Instant createdAt) {}
