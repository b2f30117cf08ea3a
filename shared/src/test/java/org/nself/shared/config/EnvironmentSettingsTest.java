package org.nself.shared.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentSettingsTest {
    static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", "postgres://u:p@db:5432/nself");
        env.put("PLUGIN_SECRET", "a-long-enough-secret");
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                env.remove(pairs[i]);
            } else {
                env.put(pairs[i], pairs[i + 1]);
            }
        }
        return env;
    }

    @Test
    void aPostgresUrlBecomesJdbcWithCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://nself:p%40ss@db.internal:6543/app?sslmode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/app?sslmode=require");
        assertThat(url.username()).isEqualTo("nself");
        assertThat(url.password()).isEqualTo("p@ss");
    }

    @Test
    void aJdbcUrlIsKeptAsItIs() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://localhost/x?user=a&password=b");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/x?user=a&password=b");
        assertThat(url.username()).isNull();
    }

    @Test
    void aPostgresqlSchemeAndIpv6HostAreRead() {
        assertThat(DatabaseUrl.parse("postgresql://[::1]:5432/db").jdbcUrl())
                .isEqualTo("jdbc:postgresql://[::1]:5432/db");
    }

    @Test
    void aMissingOrMalformedDatabaseUrlNamesTheVariableInOneLine() {
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(env("DATABASE_URL", null)))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("DATABASE_URL: is not set");
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(env("DATABASE_URL", "mysql://x/y")))
                .hasMessageStartingWith("DATABASE_URL: must start with");
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(env("DATABASE_URL", "postgres://host")))
                .hasMessage("DATABASE_URL: has no database name");
        assertThat(new ConfigurationError("X", "y").getStackTrace()).isEmpty();
    }

    @Test
    void portAndHostAreMappedAndChecked() {
        Map<String, Object> props = EnvironmentSettings.fromEnvironment(env("PORT", "9000", "HOST", "0.0.0.0"));
        assertThat(props)
                .containsEntry("micronaut.server.port", 9000)
                .containsEntry("micronaut.server.host", "0.0.0.0");
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(env("PORT", "http")))
                .hasMessage("PORT: must be a whole number, got 'http'");
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(env("PORT", "70000")))
                .hasMessage("PORT: must be between 1 and 65535");
    }

    @Test
    void aCredentialIsRequiredAndAShortSecretIsRefused() {
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(env("PLUGIN_SECRET", null)))
                .hasMessageStartingWith("PLUGIN_SECRET: is not set");
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(env("PLUGIN_SECRET", "short")))
                .hasMessageStartingWith("PLUGIN_SECRET: is shorter than");
        assertThat(EnvironmentSettings.fromEnvironment(env()))
                .containsEntry("nself.auth.plugin-secret", "a-long-enough-secret")
                .containsEntry("datasources.default.url", "jdbc:postgresql://db:5432/nself");
    }

    @Test
    void theHasuraHs256ConfigBecomesTheJwtSettings() {
        Map<String, Object> props = EnvironmentSettings.fromEnvironment(env(
                "PLUGIN_SECRET",
                null,
                "HASURA_GRAPHQL_JWT_SECRET",
                "{\"type\":\"HS256\",\"key\":\"0123456789abcdef0123456789abcdef\",\"claims_namespace\":\"hasura\"}"));
        assertThat(props)
                .containsEntry("nself.auth.jwt.enabled", true)
                .containsEntry("nself.auth.jwt.key", "0123456789abcdef0123456789abcdef")
                .containsEntry("nself.auth.jwt.algorithm", "HS256")
                .containsEntry("nself.auth.jwt.claims-namespace", "hasura")
                .doesNotContainKey("nself.auth.jwt.leeway-seconds");
    }

    @Test
    void withoutAHasuraConfigNoJwtSettingExists() {
        assertThat(EnvironmentSettings.fromEnvironment(env()).keySet())
                .noneMatch(key -> key.startsWith("nself.auth.jwt") || key.startsWith("micronaut.security.token.jwt"));
    }

    @Test
    void hasurasAllowedSkewBecomesTheLeewayWithinItsBound() {
        String key = "\"key\":\"0123456789abcdef0123456789abcdef\"";
        assertThat(EnvironmentSettings.fromEnvironment(
                        env("HASURA_GRAPHQL_JWT_SECRET", "{\"type\":\"HS256\"," + key + ",\"allowed_skew\":5}")))
                .containsEntry("nself.auth.jwt.leeway-seconds", 5);
        for (String skew : java.util.List.of("-1", "301", "1.5", "\"10\"")) {
            assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(env(
                            "HASURA_GRAPHQL_JWT_SECRET",
                            "{\"type\":\"HS256\"," + key + ",\"allowed_skew\":" + skew + "}")))
                    .as(skew)
                    .hasMessageContaining("allowed_skew");
        }
    }

    @Test
    void aJwkUrlMustBeHttpsUnlessNselfOutboundAllowNamesItsHost() {
        assertThat(EnvironmentSettings.fromEnvironment(
                        env("HASURA_GRAPHQL_JWT_SECRET", "{\"jwk_url\":\"https://idp.example.com/jwks.json\"}")))
                .containsEntry("nself.auth.jwt.jwk-url", "https://idp.example.com/jwks.json");
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(
                        env("HASURA_GRAPHQL_JWT_SECRET", "{\"jwk_url\":\"http://idp.example.com/jwks.json\"}")))
                .hasMessageContaining("must be https");
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(env(
                        "HASURA_GRAPHQL_JWT_SECRET",
                        "{\"jwk_url\":\"http://10.0.0.7/jwks.json\"}",
                        "NSELF_OUTBOUND_ALLOW",
                        "127.0.0.1/32,other.internal")))
                .hasMessageContaining("must be https");
        assertThat(EnvironmentSettings.fromEnvironment(env(
                        "HASURA_GRAPHQL_JWT_SECRET",
                        "{\"jwk_url\":\"http://idp.internal:8080/jwks.json\"}",
                        "NSELF_OUTBOUND_ALLOW",
                        "10.0.0.0/8, idp.internal")))
                .containsEntry("nself.auth.jwt.jwk-url", "http://idp.internal:8080/jwks.json");
        assertThat(EnvironmentSettings.fromEnvironment(env(
                        "HASURA_GRAPHQL_JWT_SECRET",
                        "{\"jwk_url\":\"http://10.1.2.3/jwks.json\"}",
                        "NSELF_OUTBOUND_ALLOW",
                        "10.0.0.0/8")))
                .containsEntry("nself.auth.jwt.jwk-url", "http://10.1.2.3/jwks.json");
    }

    @Test
    void malformedHasuraConfigsAreRefused() {
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(env("HASURA_GRAPHQL_JWT_SECRET", "{not json")))
                .hasMessage("HASURA_GRAPHQL_JWT_SECRET: is not valid JSON");
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(
                        env("HASURA_GRAPHQL_JWT_SECRET", "{\"type\":\"HS256\",\"key\":\"short\"}")))
                .hasMessageContaining("at least 32");
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(
                        env("HASURA_GRAPHQL_JWT_SECRET", "{\"type\":\"RS256\",\"key\":\"nope\"}")))
                .hasMessageContaining("PEM");
        assertThatThrownBy(() ->
                        EnvironmentSettings.fromEnvironment(env("HASURA_GRAPHQL_JWT_SECRET", "{\"type\":\"ES999\"}")))
                .hasMessageContaining("needs jwk_url");
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(
                        env("HASURA_GRAPHQL_JWT_SECRET", "{\"jwk_url\":\"file:///etc/passwd\"}")))
                .hasMessageContaining("https");
    }

    @Test
    void theLicenceGateRefusesToStartWithoutAWellFormedKey() {
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(env("NSELF_REQUIRE_LICENSE", "true")))
                .hasMessageStartingWith("NSELF_LICENSE_KEY: is required");
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(
                        env("NSELF_REQUIRE_LICENSE", "true", "NSELF_LICENSE_KEY", "nself_pro_short")))
                .hasMessageStartingWith("NSELF_LICENSE_KEY: must be nself_pro_");
        assertThat(EnvironmentSettings.fromEnvironment(env(
                        "NSELF_REQUIRE_LICENSE", "true", "NSELF_LICENSE_KEY", "nself_pro_abcdefghijklmnopqrstuvwx12")))
                .containsEntry("nself.license.present", true);
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(env("NSELF_REQUIRE_LICENSE", "yes")))
                .hasMessage("NSELF_REQUIRE_LICENSE: must be true or false");
    }

    @Test
    void rateLimitsAreMappedAndZeroTurnsThemOff() {
        Map<String, Object> props = EnvironmentSettings.fromEnvironment(env(
                "RATE_LIMIT_MAX",
                "0",
                "RATE_LIMIT_WINDOW_MS",
                "1000",
                "INGEST_RATE_LIMIT_PER_SECOND",
                "50",
                "INGEST_ACCOUNT_RATE_LIMIT_PER_SECOND",
                "0"));
        assertThat(props)
                .containsEntry("nself.rate-limit.max", 0)
                .containsEntry("nself.rate-limit.window-ms", 1000)
                .containsEntry("nself.rate-limit.ingest-per-second", 50)
                .containsEntry("nself.rate-limit.ingest-account-per-second", 0);
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(env("RATE_LIMIT_WINDOW_MS", "0")))
                .hasMessage("RATE_LIMIT_WINDOW_MS: must be between 1 and 86400000");
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(env("LOG_FORMAT", "xml")))
                .hasMessage("LOG_FORMAT: must be json or text");
    }

    @Test
    void aTrustedProxyHeaderIsReadOnlyWhenConfigured() {
        assertThat(EnvironmentSettings.fromEnvironment(env())).doesNotContainKey("nself.client-address.trusted-header");
        assertThat(EnvironmentSettings.fromEnvironment(env("NSELF_TRUSTED_PROXY_HEADER", " X-Real-IP ")))
                .containsEntry("nself.client-address.trusted-header", "X-Real-IP");
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(env("NSELF_TRUSTED_PROXY_HEADER", "X Real IP")))
                .hasMessage("NSELF_TRUSTED_PROXY_HEADER: must be a header name such as X-Real-IP");
    }
}
