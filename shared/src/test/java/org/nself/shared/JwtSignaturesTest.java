package org.nself.shared;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nself.shared.config.EnvironmentSettings;
import org.nself.shared.testing.Jwts;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

/** HASURA_GRAPHQL_JWT_SECRET in its RS256 (PEM) and jwk_url forms, end to end through the environment mapping. */
class JwtSignaturesTest implements PostgresTest {

    @Test
    void anRs256KeyFromTheHasuraConfigVerifiesTokensSignedByItsPrivateKey() throws Exception {
        KeyPair pair = rsa();
        KeyPair other = rsa();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        String config = "{\"type\":\"RS256\",\"key\":" + json(pem) + "}";
        try (EmbeddedServer server = start(config)) {
            TestHttp http = new TestHttp(server.getURL());
            var claims = Jwts.claims("t-rsa", Instant.now().plusSeconds(300));
            assertThat(http.get(
                                    "/api/v1/auth/verify",
                                    bearer(Jwts.rs256((RSAPrivateKey) pair.getPrivate(), "k1", claims)))
                            .status())
                    .isEqualTo(204);
            assertThat(http.get(
                                    "/api/v1/auth/verify",
                                    bearer(Jwts.rs256((RSAPrivateKey) other.getPrivate(), "k1", claims)))
                            .status())
                    .isEqualTo(401);
            assertThat(http.get("/api/v1/auth/verify", bearer(Jwts.unsigned(claims)))
                            .status())
                    .isEqualTo(401);
        }
    }

    @Test
    void aJwkUrlFromTheHasuraConfigIsFetchedAndUsed() throws Exception {
        KeyPair pair = rsa();
        RSAKey jwk = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                .keyID("kid-1")
                .build();
        byte[] jwks = new JWKSet(jwk).toString().getBytes(StandardCharsets.UTF_8);
        HttpServer issuer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer.createContext("/.well-known/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        issuer.start();
        String config =
                "{\"jwk_url\":\"http://127.0.0.1:" + issuer.getAddress().getPort() + "/.well-known/jwks.json\"}";
        try (EmbeddedServer server = start(config)) {
            TestHttp http = new TestHttp(server.getURL());
            var claims = Jwts.claims("t-jwks", Instant.now().plusSeconds(300));
            assertThat(http.get(
                                    "/api/v1/auth/verify",
                                    bearer(Jwts.rs256((RSAPrivateKey) pair.getPrivate(), "kid-1", claims)))
                            .status())
                    .isEqualTo(204);
            assertThat(http.get(
                                    "/api/v1/auth/verify",
                                    bearer(Jwts.rs256((RSAPrivateKey) rsa().getPrivate(), "kid-1", claims)))
                            .status())
                    .isEqualTo(401);
        } finally {
            issuer.stop(0);
        }
    }

    @Test
    void aSymmetricKeyInTheJwkSetIsNeverUsedAndAnUnreachableSetRefusesEveryToken() throws Exception {
        byte[] secret = "a-shared-secret-that-is-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8);
        byte[] jwks = new JWKSet(java.util.List.of(
                        new com.nimbusds.jose.jwk.OctetSequenceKey.Builder(secret)
                                .keyID("kid-1")
                                .build(),
                        new RSAKey.Builder((RSAPublicKey) rsa().getPublic())
                                .keyID("kid-2")
                                .build()))
                .toJSONObject(false)
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        HttpServer issuer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer.createContext("/jwks.json", exchange -> {
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        issuer.start();
        int port = issuer.getAddress().getPort();
        var claims = Jwts.claims("t-jwks", Instant.now().plusSeconds(300));
        try (EmbeddedServer server = start("{\"jwk_url\":\"http://127.0.0.1:" + port + "/jwks.json\"}")) {
            TestHttp http = new TestHttp(server.getURL());
            String hs = Jwts.hmac(com.nimbusds.jose.JWSAlgorithm.HS256, secret, claims);
            assertThat(http.get("/api/v1/auth/verify", bearer(hs)).status()).isEqualTo(401);
        } finally {
            issuer.stop(0);
        }
        // nothing listens there any more: every token is a 401, never a 500
        try (EmbeddedServer server = start("{\"jwk_url\":\"http://127.0.0.1:" + port + "/jwks.json\"}")) {
            TestHttp.Response r = new TestHttp(server.getURL())
                    .get(
                            "/api/v1/auth/verify",
                            bearer(Jwts.rs256((RSAPrivateKey) rsa().getPrivate(), "kid-2", claims)));
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.body()).contains("\"code\":\"UNAUTHORIZED\"");
        }
    }

    private EmbeddedServer start(String hasuraConfig) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", TestDatabase().jdbcUrl());
        env.put("HASURA_GRAPHQL_JWT_SECRET", hasuraConfig);
        env.put("NSELF_OUTBOUND_ALLOW", "127.0.0.1/32");
        Map<String, Object> props = new HashMap<>(EnvironmentSettings.fromEnvironment(env));
        props.putAll(PostgresTest.baseProperties());
        props.put("micronaut.server.port", -1);
        return ApplicationContext.run(EmbeddedServer.class, props, "test");
    }

    private static org.nself.shared.testing.TestDatabase.Connection TestDatabase() {
        return org.nself.shared.testing.TestDatabase.get();
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"") + "\"";
    }
}
