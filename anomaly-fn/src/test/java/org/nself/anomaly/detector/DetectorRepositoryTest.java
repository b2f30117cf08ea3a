package org.nself.anomaly.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestDatabase;

@MicronautTest(transactional = false, startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectorRepositoryTest implements PostgresTest {
    @Inject
    DetectorRepository detectors;

    @Inject
    TransactionOperations<Connection> tx;

    static String account() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static DetectorSpec spec(Map<String, Object> params) {
        return DetectorSpec.validate("cpu", null, "zscore", params, null, null, null);
    }

    @Test
    void aLockedDetectorIsHeldUntilTheCallersTransactionEnds() throws SQLException {
        String a = account();
        detectors.insert(a, "held", spec(Map.of()));
        String takeIt = "SELECT id FROM np_anomaly_detectors WHERE source_account_id = '" + a
                + "' AND id = 'held' FOR UPDATE NOWAIT";
        try (Connection other = otherConnection()) {
            tx.executeWrite(s -> {
                assertThat(detectors.lock(a, "held")).isPresent();
                assertThatThrownBy(() -> other.createStatement().executeQuery(takeIt))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState())
                                .isEqualTo("55P03"));
                rollback(other);
                return null;
            });
            assertThat(other.createStatement().executeQuery(takeIt).next()).isTrue();
        }
    }

    @Test
    void storedParametersReadBackEqualToTheOnesSentSoAnUnchangedConfigurationKeepsItsModel() {
        String a = account();
        DetectorSpec sent = spec(Map.of("window", 50, "band_sigmas", 2.5));
        detectors.insert(a, "same", sent);

        Detector stored = detectors.find(a, "same").orElseThrow();

        assertThat(stored.spec().params()).isEqualTo(sent.params());
        assertThat(stored.modelChangedBy(sent)).isFalse();
        assertThat(stored.modelChangedBy(spec(Map.of("window", 51, "band_sigmas", 2.5))))
                .isTrue();
    }

    @Test
    void aDetectorIsNotFoundInAnotherAccount() {
        String a = account();
        detectors.insert(a, "mine", spec(Map.of()));

        assertThat(detectors.find(account(), "mine")).isEmpty();
        assertThat(detectors.insert(a, "mine", spec(Map.of()))).isFalse();
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection otherConnection() throws SQLException {
        TestDatabase.Connection db = TestDatabase.get();
        Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
        c.setAutoCommit(false);
        return c;
    }
}
