package org.nself.crash.project;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;
import java.util.Optional;

/** DSN keys per account; the key lookup is the one read that names the account rather than filtering by it. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ProjectRepository extends GenericRepository<Project, Long> {
    /** Inserts a project without an id; answers it with the id the database gave. */
    Project save(Project project);

    @Query("SELECT * FROM np_crash_projects WHERE source_account_id = :account AND id = :id")
    Optional<Project> find(String account, long id);

    @Query("SELECT * FROM np_crash_projects WHERE source_account_id = :account ORDER BY id LIMIT :limit OFFSET :offset")
    List<Project> list(String account, int limit, long offset);

    @Query("SELECT count(*) FROM np_crash_projects WHERE source_account_id = :account")
    long count(String account);

    /** Rows deleted: 1, or 0 when the account has no such project. */
    @Query("DELETE FROM np_crash_projects WHERE source_account_id = :account AND id = :id")
    int delete(String account, long id);

    /** The project a DSN public key belongs to. */
    @Query("SELECT * FROM np_crash_projects WHERE public_key = :publicKey")
    Optional<Project> byKey(String publicKey);
}
