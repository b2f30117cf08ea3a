package org.nself.shared.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.DatabaseFailures;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TcpProxy;
import org.nself.shared.testing.TestDatabase;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcTest implements PostgresTest {
    static final Sorts SORTS;

    static {
        Map<String, String> orders = new LinkedHashMap<>();
        orders.put("-created_at", "created_at DESC, id");
        orders.put("weight", "weight ASC, id");
        orders.put("-weight", "weight DESC, id");
        SORTS = Sorts.of(orders);
    }

    record Thing(UUID id, String name, String kind, int weight, Instant createdAt) {}

    @Inject
    TransactionOperations<Connection> tx;

    static String account() {
        return "j-" + UUID.randomUUID().toString().substring(0, 12);
    }

    void insert(String account, String name, String kind, int weight) {
        tx.executeWrite(status -> Jdbc.update(
                status.getConnection(),
                "INSERT INTO np_sharedtest_things (source_account_id, id, name, kind, weight, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                account,
                UUID.randomUUID(),
                name,
                kind,
                weight,
                Instant.parse("2026-05-17T10:00:00Z").plusSeconds(weight)));
    }

    /** A list query as the functions write them: an account, optional filters, a whitelisted order. */
    static List<Thing> search(Connection c, String account, String kind, String name, String sort) {
        SqlFilter where = SqlFilter.where("source_account_id = ?", account)
                .andIfPresent("kind = ?", kind)
                .andIfPresent("(name = ? OR name ILIKE ?)", name);
        return Jdbc.query(
                c,
                "SELECT id, name, kind, weight, created_at FROM np_sharedtest_things" + where.clause()
                        + SORTS.orderBy(sort) + " LIMIT ? OFFSET ?",
                JdbcTest::thing,
                where.params(100, 0L));
    }

    static Thing thing(ResultSet r) throws SQLException {
        return new Thing(
                Jdbc.uuid(r, "id"),
                r.getString("name"),
                r.getString("kind"),
                r.getInt("weight"),
                Jdbc.instant(r, "created_at"));
    }

    @Test
    void filtersBindEveryValueAndTheWhitelistedSortOrdersTheRows() {
        String account = account();
        insert(account, "a", "small", 3);
        insert(account, "b", "large", 1);
        insert(account, "c", "small", 2);
        insert(account(), "a", "small", 9);

        List<Thing> small = tx.executeRead(s -> search(s.getConnection(), account, "small", null, "weight"));
        assertThat(small).extracting(Thing::name).containsExactly("c", "a");
        assertThat(small.get(0).createdAt()).isEqualTo(Instant.parse("2026-05-17T10:00:02Z"));
        List<Thing> all = tx.executeRead(s -> search(s.getConnection(), account, null, null, "-weight"));
        assertThat(all).extracting(Thing::name).containsExactly("a", "c", "b");
        List<Thing> named = tx.executeRead(s -> search(s.getConnection(), account, null, "B", "-created_at"));
        assertThat(named).extracting(Thing::name).containsExactly("b");

        SqlFilter where = SqlFilter.where("source_account_id = ?", account).andIf(true, "weight > ?", 1);
        long count = tx.executeRead(s -> Jdbc.count(
                s.getConnection(), "SELECT count(*) FROM np_sharedtest_things" + where.clause(), where.params()));
        assertThat(count).isEqualTo(2);
    }

    @Test
    void aFilterIsFixedTextAndItsValuesAreParameters() {
        SqlFilter where = SqlFilter.where("source_account_id = ?", "acme")
                .andIfPresent("kind = ?", null)
                .andIfPresent("(title ILIKE ? OR culprit ILIKE ?)", "%x%")
                .andIf(false, "status = ?", "open")
                .and("count > 0");
        assertThat(where.conditions())
                .isEqualTo("source_account_id = ? AND (title ILIKE ? OR culprit ILIKE ?) AND count > 0");
        assertThat(where.params(10)).containsExactly("acme", "%x%", "%x%", 10);
    }

    @Test
    void aSortNotOfferedIsA400ListingTheOffersInOrder() {
        assertThat(SORTS.read("sort", null, "-created_at")).isEqualTo("-created_at");
        assertThatThrownBy(() -> SORTS.read("sort", "name; DROP TABLE x", "-created_at"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("invalid sort: must be one of -created_at, weight, -weight"));
        assertThatThrownBy(() -> SORTS.orderBy("name")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStatementFailureIsOneDatabaseFailureThatKnowsAUniqueViolation() {
        String account = account();
        UUID id = UUID.randomUUID();
        String insert =
                "INSERT INTO np_sharedtest_things (source_account_id, id, name, kind, weight) VALUES (?, ?, 'n', 'small', 1)";
        tx.executeWrite(s -> Jdbc.update(s.getConnection(), insert, account, id));
        assertThatThrownBy(() -> tx.executeWrite(s -> Jdbc.update(s.getConnection(), insert, account, id)))
                .isInstanceOfSatisfying(DatabaseFailure.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("23505");
                    assertThat(Jdbc.isUniqueViolation(e)).isTrue();
                    assertThat(DatabaseFailures.isDatabaseUnavailable(e)).isFalse();
                });
        java.util.Optional<String> name = tx.executeRead(s -> Jdbc.one(
                s.getConnection(),
                "SELECT name FROM np_sharedtest_things WHERE source_account_id = ? AND id = ?",
                r -> r.getString(1),
                account,
                id));
        assertThat(name).contains("n");
    }

    @Test
    void aValueTheDatabaseRefusesIsClassifiedAsTheRequestsFault() {
        assertThatThrownBy(() -> tx.executeWrite(s -> Jdbc.update(
                        s.getConnection(),
                        "INSERT INTO np_sharedtest_things (source_account_id, id, name, kind, weight) VALUES (?, ?, ?, 'small', 1)",
                        account(),
                        UUID.randomUUID(),
                        "a\u0000b")))
                .isInstanceOfSatisfying(DatabaseFailure.class, e -> assertThat(DatabaseFailures.refusedValue(e))
                        .contains("a text value holds a NUL character or invalid Unicode"));
    }

    @Test
    void aLostDatabaseIsClassifiedAsUnavailable() throws Exception {
        URI db = URI.create(TestDatabase.get().jdbcUrl().substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(db.getHost(), db.getPort() < 0 ? 5432 : db.getPort())) {
            Map<String, Object> props = new HashMap<>(getProperties());
            props.put(
                    "datasources.default.url",
                    TestDatabase.get()
                            .jdbcUrl()
                            .replace(db.getHost() + ":" + db.getPort(), "127.0.0.1:" + proxy.port()));
            props.put("datasources.default.connection-timeout", "2000");
            try (ApplicationContext context = ApplicationContext.run(props, "test")) {
                TransactionOperations<Connection> proxied = context.getBean(
                        io.micronaut.core.type.Argument.of(TransactionOperations.class, Connection.class));
                List<Thing> none = proxied.executeRead(s -> search(s.getConnection(), account(), null, null, "weight"));
                assertThat(none).isEmpty();
                proxy.cut();
                assertThatThrownBy(() ->
                                proxied.executeRead(s -> search(s.getConnection(), account(), null, null, "weight")))
                        .satisfies(e -> assertThat(DatabaseFailures.isDatabaseUnavailable(e))
                                .isTrue());
            }
        }
    }
}
