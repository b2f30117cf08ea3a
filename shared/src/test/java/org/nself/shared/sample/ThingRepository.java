package org.nself.shared.sample;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface ThingRepository extends GenericRepository<Thing, UUID> {
    Thing save(Thing thing);

    @Query("SELECT * FROM np_sharedtest_things WHERE source_account_id = :account AND id = :id")
    Optional<Thing> find(String account, UUID id);

    @Query(
            "SELECT * FROM np_sharedtest_things WHERE source_account_id = :account ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
    List<Thing> list(String account, int limit, long offset);

    @Query("SELECT count(*) FROM np_sharedtest_things WHERE source_account_id = :account")
    long count(String account);
}
