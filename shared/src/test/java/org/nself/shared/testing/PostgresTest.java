package org.nself.shared.testing;

import io.micronaut.test.support.TestPropertyProvider;
import java.util.HashMap;
import java.util.Map;

/**
 * Mix into a {@code @MicronautTest(transactional = false)} class (with {@code @TestInstance(PER_CLASS)}) to point its
 * context at {@link TestDatabase} and give it a known plugin secret. HTTP-level tests must not run inside
 * micronaut-test's per-test transaction: a Lambda handler called on the test thread would join it and
 * never commit.
 */
public interface PostgresTest extends TestPropertyProvider {
    String PLUGIN_SECRET = "test-plugin-secret-0123456789";

    @Override
    default Map<String, String> getProperties() {
        Map<String, String> props = baseProperties();
        props.put("nself.auth.jwt.enabled", "true");
        props.put("nself.auth.jwt.algorithm", "HS256");
        props.put("nself.auth.jwt.key", FunctionContract.TEST_JWT_KEY);
        props.putAll(extraProperties());
        return props;
    }

    /** The test database, the plugin secret and jobs off: no JWT configuration (the shipped default). */
    static Map<String, String> baseProperties() {
        Map<String, String> props = new HashMap<>(TestDatabase.get().properties());
        props.put("nself.auth.plugin-secret", PLUGIN_SECRET);
        props.put("nself.jobs.enabled", "false");
        return props;
    }

    /** More properties for one test class. */
    default Map<String, String> extraProperties() {
        return Map.of();
    }
}
