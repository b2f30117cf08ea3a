package org.nself.shared.lambda;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nself.shared.config.ConfigurationError;
import org.nself.shared.testing.PostgresTest;

class LambdaSettingsTest {
    @Test
    void aSettingTheBeansRefuseFailsTheInitWithTheOneLineError() {
        Map<String, Object> props = new HashMap<>(PostgresTest.baseProperties());
        props.put("nself.rate-limit.window-ms", "0");
        ApplicationContext context = ApplicationContext.builder(Environment.FUNCTION)
                .properties(props)
                .build();

        try (context) {
            assertThatThrownBy(
                            () -> LambdaSettings.start(context, c -> c.start().getEnvironment()))
                    .isInstanceOf(ConfigurationError.class)
                    .hasMessage("NSELF_RATE_LIMIT_WINDOW_MS: must be greater than 0");
        }
    }

    @Test
    void anyOtherFailureIsThrownAsItIs() {
        IllegalStateException failure = new IllegalStateException("no route to the database");

        assertThatThrownBy(() -> LambdaSettings.start(null, c -> {
                    throw failure;
                }))
                .isSameAs(failure);
    }
}
