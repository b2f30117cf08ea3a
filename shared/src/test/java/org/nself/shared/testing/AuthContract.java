package org.nself.shared.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.web.router.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nself.shared.config.EnvironmentSettings;

/**
 * Authentication and tenancy at the edge, checked over every management route of a function started
 * the way users start it: its environment goes through {@link EnvironmentSettings#fromEnvironment}, once
 * with the default configuration (PLUGIN_SECRET, no HASURA_GRAPHQL_JWT_SECRET: what {@code bin/run}, the
 * compose file and the SAM template ship) and once each with an HS256 key, an RS256 PEM key and a
 * {@code jwk_url}. In each, every forged, unsigned, expired or confused token is a 401; without a JWT
 * configuration every JWT is a 401; a valid JWT without the account claim is a 403 naming it; a JWT that
 * claims operator rights or sends another account's {@code X-App-Name}/{@code ?app=} stays in its own
 * account; the plugin secret gets through and may choose the account.
 */
public final class AuthContract {
    public static final String ACCOUNT = "t-auth";
    public static final String OTHER_ACCOUNT = "t-auth-other";
    private static final String VERIFY = "/api/v1/auth/verify";
    private static final KeyPair SERVER_RSA = rsa();
    private static final KeyPair JWKS_RSA = rsa();
    private static final KeyPair FOREIGN_RSA = rsa();
    private static final String JWKS_KID = "kid-1";

    private AuthContract() {}

    /** The configurations a function is checked under. */
    public enum Configuration {
        DEFAULT,
        HS256,
        RS256,
        JWKS
    }

    /** A token to try, what it is called in a failure, and whether it must be refused (401). */
    record Attempt(String name, String token, boolean refused) {}

    /** Starts the function under {@code configuration} and checks every management route. */
    public static void assertEveryManagementRouteUnder(Configuration configuration) {
        HttpServer jwks = configuration == Configuration.JWKS ? jwksServer() : null;
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", TestDatabase.get().jdbcUrl());
        env.put("PLUGIN_SECRET", PostgresTest.PLUGIN_SECRET);
        switch (configuration) {
            case DEFAULT -> {}
            case HS256 ->
                env.put(
                        "HASURA_GRAPHQL_JWT_SECRET",
                        "{\"type\":\"HS256\",\"key\":\"" + FunctionContract.TEST_JWT_KEY + "\"}");
            case RS256 ->
                env.put(
                        "HASURA_GRAPHQL_JWT_SECRET",
                        "{\"type\":\"RS256\",\"key\":" + json(pem((RSAPublicKey) SERVER_RSA.getPublic())) + "}");
            case JWKS -> {
                env.put(
                        "HASURA_GRAPHQL_JWT_SECRET",
                        "{\"jwk_url\":\"http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json\"}");
                env.put("NSELF_OUTBOUND_ALLOW", "127.0.0.1/32");
            }
        }
        Map<String, Object> props = new HashMap<>(EnvironmentSettings.fromEnvironment(env));
        props.putAll(PostgresTest.baseProperties());
        props.put("micronaut.server.port", -1);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props, "test")) {
            check(configuration, server);
        } finally {
            if (jwks != null) {
                jwks.stop(0);
            }
        }
    }

    private static void check(Configuration configuration, EmbeddedServer server) {
        TestHttp http = new TestHttp(server.getURL());
        Router router = server.getApplicationContext().getBean(Router.class);
        List<FunctionContract.Route> guarded = FunctionContract.routes(router).stream()
                .filter(r -> !r.anonymous())
                .toList();
        assertThat(guarded).as("management routes").isNotEmpty();
        boolean jwtConfigured = configuration != Configuration.DEFAULT;
        Instant soon = Instant.now().plusSeconds(600);
        String valid = sign(configuration, Jwts.claims(ACCOUNT, soon));
        String withoutAccount = sign(configuration, Jwts.claims(null, soon));
        String operatorClaim = sign(configuration, Jwts.claimingOperator(ACCOUNT, soon));

        List<Attempt> attempts = new ArrayList<>(refusedEverywhere(configuration, soon));
        // without a JWT configuration even a token signed with a key the service might once have had is a 401
        attempts.add(new Attempt("a valid-looking JWT", valid, !jwtConfigured));
        attempts.add(new Attempt("a JWT without the account claim", withoutAccount, !jwtConfigured));
        attempts.add(new Attempt("a JWT claiming operator rights", operatorClaim, !jwtConfigured));

        for (FunctionContract.Route route : guarded) {
            String method = route.method().name();
            String path = route.samplePath();
            String foreignQuery = (path.contains("?") ? "&" : "?") + "app=" + OTHER_ACCOUNT;
            byte[] body = route.method().permitsRequestBody() ? "{}".getBytes(StandardCharsets.UTF_8) : null;
            String where = configuration + " " + route;
            assertRefused(where, "no token", http.send(method, path, headers(null, null), body));
            for (Attempt attempt : attempts) {
                if (!attempt.refused()) {
                    continue;
                }
                assertRefused(where, attempt.name(), http.send(method, path, headers(attempt.token(), null), body));
            }
            if (jwtConfigured) {
                TestHttp.Response missing = http.send(method, path, headers(withoutAccount, null), body);
                assertThat(missing.status())
                        .as(where + " with a JWT without the account claim: " + missing.body())
                        .isEqualTo(403);
                assertThat(missing.body()).contains("\"code\":\"FORBIDDEN\"").contains("x-hasura-source-account-id");
                for (String token : List.of(valid, operatorClaim)) {
                    TestHttp.Response r = http.send(method, path + foreignQuery, headers(token, OTHER_ACCOUNT), body);
                    assertGetsThrough(where + " with a valid JWT and another account's X-App-Name/?app=", r);
                }
            }
            assertGetsThrough(
                    where + " with the plugin secret",
                    http.send(method, path, headers(PostgresTest.PLUGIN_SECRET, OTHER_ACCOUNT), body));
        }

        // where the request lands: a JWT user in its claim's account whatever it sends, the operator where it asks
        if (jwtConfigured) {
            for (String token : List.of(valid, operatorClaim)) {
                TestHttp.Response r = http.send(
                        "GET", VERIFY + "?app=" + OTHER_ACCOUNT, headers(token, OTHER_ACCOUNT), (byte[]) null);
                assertThat(r.status())
                        .as(configuration + " verify: " + r.body())
                        .isEqualTo(204);
                assertThat(r.headers().get("X-Nself-Account"))
                        .as(configuration + ": a JWT user's account comes from its claim only")
                        .isEqualTo(ACCOUNT);
            }
        }
        TestHttp.Response operator = http.get(VERIFY, headers(PostgresTest.PLUGIN_SECRET, OTHER_ACCOUNT));
        assertThat(operator.status()).isEqualTo(204);
        assertThat(operator.headers().get("X-Nself-Account")).isEqualTo(OTHER_ACCOUNT);
    }

    /** Tokens that are a 401 in every configuration. */
    private static List<Attempt> refusedEverywhere(Configuration configuration, Instant soon) {
        JWTClaimsSet claims = Jwts.claims(ACCOUNT, soon);
        List<Attempt> attempts = new ArrayList<>();
        attempts.add(new Attempt("a wrong secret", "wrong-" + PostgresTest.PLUGIN_SECRET, true));
        attempts.add(new Attempt("the secret with a suffix", PostgresTest.PLUGIN_SECRET + "x", true));
        attempts.add(new Attempt("an unsigned JWT (alg none)", Jwts.unsigned(claims), true));
        attempts.add(new Attempt("alg none with a signature", Jwts.noneWithSignature(claims), true));
        attempts.add(new Attempt(
                "an unsigned JWT claiming operator", Jwts.unsigned(Jwts.claimingOperator(ACCOUNT, soon)), true));
        attempts.add(new Attempt(
                "an HS256 JWT of another key", Jwts.hs256("another-key-that-is-also-32-bytes-long!!", claims), true));
        attempts.add(new Attempt(
                "an RS256 JWT of another key",
                Jwts.rs256((RSAPrivateKey) FOREIGN_RSA.getPrivate(), JWKS_KID, claims),
                true));
        // HS/RS confusion: the server's public key (PEM text, or DER) used as an HMAC secret
        for (KeyPair pair : List.of(SERVER_RSA, JWKS_RSA)) {
            RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
            attempts.add(new Attempt(
                    "HS256 signed with an RSA public key's PEM",
                    Jwts.hmac(JWSAlgorithm.HS256, pem(pub).getBytes(StandardCharsets.US_ASCII), claims),
                    true));
            attempts.add(new Attempt(
                    "HS256 signed with an RSA public key's DER",
                    Jwts.hmac(JWSAlgorithm.HS256, pub.getEncoded(), claims),
                    true));
        }
        if (configuration == Configuration.HS256) {
            // the right key, but another algorithm than the configured one
            attempts.add(new Attempt(
                    "HS512 with the configured key",
                    Jwts.hmac(
                            JWSAlgorithm.HS512, FunctionContract.TEST_JWT_KEY.getBytes(StandardCharsets.UTF_8), claims),
                    true));
        } else if (configuration != Configuration.DEFAULT) {
            attempts.add(new Attempt(
                    "HS256 with the test HMAC key", Jwts.hs256(FunctionContract.TEST_JWT_KEY, claims), true));
        }
        attempts.add(new Attempt(
                "an expired JWT",
                sign(configuration, Jwts.claims(ACCOUNT, Instant.now().minusSeconds(3600))),
                true));
        attempts.add(new Attempt("a JWT without exp", sign(configuration, Jwts.withoutExpiry(ACCOUNT)), true));
        return attempts;
    }

    /** Signed as a well-configured issuer of this configuration would sign (HS256 with the test key by default). */
    private static String sign(Configuration configuration, JWTClaimsSet claims) {
        return switch (configuration) {
            case DEFAULT, HS256 -> Jwts.hs256(FunctionContract.TEST_JWT_KEY, claims);
            case RS256 -> Jwts.rs256((RSAPrivateKey) SERVER_RSA.getPrivate(), "k1", claims);
            case JWKS -> Jwts.rs256((RSAPrivateKey) JWKS_RSA.getPrivate(), JWKS_KID, claims);
        };
    }

    private static void assertRefused(String where, String what, TestHttp.Response response) {
        assertThat(response.status())
                .as(where + " with " + what + ": " + response.body())
                .isEqualTo(401);
        assertThat(response.body()).as(where + " body").contains("\"code\":\"UNAUTHORIZED\"");
    }

    private static void assertGetsThrough(String what, TestHttp.Response response) {
        assertThat(response.status())
                .as(what + ": " + response.body())
                .isNotIn(401, 403)
                .isLessThan(500);
    }

    private static Map<String, String> headers(String token, String appName) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        if (appName != null) {
            headers.put("X-App-Name", appName);
        }
        return headers;
    }

    private static HttpServer jwksServer() {
        byte[] body = new JWKSet(new RSAKey.Builder((RSAPublicKey) JWKS_RSA.getPublic())
                        .keyID(JWKS_KID)
                        .build())
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String pem(RSAPublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"") + "\"";
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
