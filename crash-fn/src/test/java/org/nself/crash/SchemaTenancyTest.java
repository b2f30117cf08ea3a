package org.nself.crash;

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
     * Indexes that serve work across all accounts on purpose: retention prunes job runs by time for every account
     * (BRIN on {@code tick}), and a DSN's public key is unique across accounts because ingest learns the account
     * from it.
     */
    static final Set<String> ACROSS_ACCOUNTS = Set.of("np_crash_job_runs_tick_brin", "np_crash_projects_key");

    @Test
    void everyTableCarriesTheAccount() {
        assertThat(SchemaContract.tablesWithoutAccount("np_crash_")).isEmpty();
    }

    @Test
    void everyIndexLeadsWithTheAccountButTheNamedCrossAccountOnes() {
        Set<String> found = SchemaContract.indexesNotLeadingWithAccount("np_crash_");
        assertThat(SchemaContract.definitions(found).keySet()).containsExactlyInAnyOrderElementsOf(ACROSS_ACCOUNTS);
    }
}
