package org.nself.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.SchemaContract;

/** The migrated schema keeps the tenancy rule: every table carries the account, and its indexes lead with it. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaTenancyTest implements PostgresTest {
    /**
     * Indexes that serve work across all accounts on purpose: retention prunes job runs and data points by time
     * (BRIN on {@code tick} and {@code created_at}).
     */
    static final Set<String> ACROSS_ACCOUNTS =
            Set.of("np_anomaly_job_runs_tick_brin", "np_anomaly_data_points_created_brin");

    @Test
    void everyTableCarriesTheAccount() {
        assertThat(SchemaContract.tablesWithoutAccount("np_anomaly_")).isEmpty();
    }

    @Test
    void everyIndexLeadsWithTheAccountButTheNamedCrossAccountOnes() {
        Set<String> found = SchemaContract.indexesNotLeadingWithAccount("np_anomaly_");
        assertThat(SchemaContract.definitions(found).keySet()).containsExactlyInAnyOrderElementsOf(ACROSS_ACCOUNTS);
    }
}
