package org.nself.shared.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.testing.PostgresTest;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordRowsTest implements PostgresTest {
    record Everything(
            String name,
            long count,
            Long maybeCount,
            int weight,
            Integer maybeWeight,
            double score,
            Double maybeScore,
            boolean flag,
            Boolean maybeFlag,
            Instant createdAt,
            UUID id,
            List<String> tags) {}

    record WithDetail(String name, Map<String, Object> detail) {}

    record NeedsCount(String name, long count) {}

    @Inject
    TransactionOperations<Connection> tx;

    <T> List<T> select(String sql, Jdbc.Row<T> rows) {
        return tx.executeRead(s -> Jdbc.query(s.getConnection(), sql, rows));
    }

    @Test
    void eachComponentReadsTheColumnOfItsSnakeCaseName() {
        UUID id = UUID.randomUUID();
        List<Everything> rows = select(
                "SELECT 'a' AS name, 7::bigint AS count, 8::bigint AS maybe_count, 3 AS weight, 4 AS maybe_weight,"
                        + " 0.5::float8 AS score, 1.5::float8 AS maybe_score, true AS flag, false AS maybe_flag,"
                        + " timestamptz '2026-05-17 10:00:00+00' AS created_at, '" + id + "'::uuid AS id,"
                        + " ARRAY['x', 'y']::text[] AS tags",
                RecordRows.of(Everything.class));

        assertThat(rows)
                .containsExactly(new Everything(
                        "a",
                        7,
                        8L,
                        3,
                        4,
                        0.5,
                        1.5,
                        true,
                        false,
                        Instant.parse("2026-05-17T10:00:00Z"),
                        id,
                        List.of("x", "y")));
    }

    @Test
    void sqlNullsAreNullsAndANullArrayIsEmpty() {
        List<Everything> rows = select(
                "SELECT NULL::text AS name, 0::bigint AS count, NULL::bigint AS maybe_count, 0 AS weight,"
                        + " NULL::int AS maybe_weight, 0::float8 AS score, NULL::float8 AS maybe_score, false AS flag,"
                        + " NULL::boolean AS maybe_flag, NULL::timestamptz AS created_at, NULL::uuid AS id,"
                        + " NULL::text[] AS tags",
                RecordRows.of(Everything.class));

        assertThat(rows)
                .containsExactly(new Everything(null, 0, null, 0, null, 0, null, false, null, null, null, List.of()));
    }

    @Test
    void aComponentTheQueryLeavesOutIsNull() {
        assertThat(select("SELECT 'a' AS name", RecordRows.of(WithDetail.class)))
                .containsExactly(new WithDetail("a", null));
    }

    @Test
    void aPrimitiveComponentMustBeSelected() {
        assertThatThrownBy(() -> select("SELECT 'a' AS name", RecordRows.of(NeedsCount.class)))
                .isInstanceOf(DatabaseFailure.class)
                .hasMessageContaining("count");
    }

    @Test
    void snakeCaseSplitsAtEachCapital() {
        assertThat(RecordRows.snakeCase("crashCount")).isEqualTo("crash_count");
        assertThat(RecordRows.snakeCase("resolvedInRelease")).isEqualTo("resolved_in_release");
        assertThat(RecordRows.snakeCase("id")).isEqualTo("id");
    }
}
