package org.nself.shared.config;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.nself.shared.auth.JwtSettings;
import org.nself.shared.outbound.OutboundPolicy;

/**
 * Turns the process environment (SPEC.md §1) into Micronaut properties, or stops with one line naming
 * the variable that is missing or malformed. The same function serves the Netty server's main and the
 * Lambda handlers, so both read configuration identically.
 */
public final class EnvironmentSettings {

    static final Pattern LICENSE_KEY = Pattern.compile("^nself_pro_[A-Za-z0-9]{24,}$");
    static final Pattern HEADER_NAME = Pattern.compile("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$");
    static final int MIN_SECRET_LENGTH = 16;
    static final int MIN_HS256_KEY_LENGTH = 32;
    private static final String JWT = JwtSettings.PREFIX + ".";

    private EnvironmentSettings() {}

    /** Properties for a production start (server or Lambda): DATABASE_URL and a credential are required. */
    public static Map<String, Object> fromEnvironment(Map<String, String> env) {
        Map<String, Object> props = new LinkedHashMap<>();
        DatabaseUrl db = DatabaseUrl.parse(env.get("DATABASE_URL"));
        props.put("datasources.default.url", db.jdbcUrl());
        if (db.username() != null) {
            props.put("datasources.default.username", db.username());
        }
        if (db.password() != null) {
            props.put("datasources.default.password", db.password());
        }
        String port = env.get("PORT");
        if (present(port)) {
            props.put("micronaut.server.port", intIn("PORT", port, 1, 65535));
        }
        String host = env.get("HOST");
        if (present(host)) {
            props.put("micronaut.server.host", host.strip());
        }
        String secret = env.get("PLUGIN_SECRET");
        String jwt = env.get("HASURA_GRAPHQL_JWT_SECRET");
        if (!present(secret) && !present(jwt)) {
            throw new ConfigurationError(
                    "PLUGIN_SECRET", "is not set (management endpoints need it, or HASURA_GRAPHQL_JWT_SECRET)");
        }
        if (present(secret)) {
            if (secret.strip().length() < MIN_SECRET_LENGTH) {
                throw new ConfigurationError("PLUGIN_SECRET", "is shorter than " + MIN_SECRET_LENGTH + " characters");
            }
            props.put("nself.auth.plugin-secret", secret.strip());
        }
        if (present(jwt)) {
            props.putAll(hasuraJwt(jwt, env.getOrDefault("NSELF_OUTBOUND_ALLOW", "")));
        }
        props.putAll(licence(env));
        props.putAll(rateLimits(env));
        props.putAll(trustedProxyHeader(env));
        String level = env.get("LOG_LEVEL");
        if (present(level)) {
            String normalized = level.strip().toUpperCase(java.util.Locale.ROOT);
            if (!normalized.matches("TRACE|DEBUG|INFO|WARN|ERROR|OFF")) {
                throw new ConfigurationError("LOG_LEVEL", "must be one of trace, debug, info, warn, error, off");
            }
            props.put("logger.levels.org.nself", normalized);
        }
        String format = env.get("LOG_FORMAT");
        if (present(format) && !format.strip().matches("json|text")) {
            throw new ConfigurationError("LOG_FORMAT", "must be json or text");
        }
        return props;
    }

    /** The licence gate: when NSELF_REQUIRE_LICENSE=true a well-formed key must be present. */
    static Map<String, Object> licence(Map<String, String> env) {
        String require = env.getOrDefault("NSELF_REQUIRE_LICENSE", "false").strip();
        if (!require.equals("true") && !require.equals("false")) {
            throw new ConfigurationError("NSELF_REQUIRE_LICENSE", "must be true or false");
        }
        String key = env.get("NSELF_LICENSE_KEY");
        if (present(key) && !LICENSE_KEY.matcher(key.strip()).matches()) {
            throw new ConfigurationError(
                    "NSELF_LICENSE_KEY", "must be nself_pro_ followed by at least 24 letters or digits");
        }
        if (require.equals("true") && !present(key)) {
            throw new ConfigurationError(
                    "NSELF_LICENSE_KEY", "is required (NSELF_REQUIRE_LICENSE=true); get one with 'nself license set'");
        }
        return present(key) ? Map.of("nself.license.present", true) : Map.of();
    }

    static Map<String, Object> rateLimits(Map<String, String> env) {
        Map<String, Object> props = new LinkedHashMap<>();
        putInt(env, props, "RATE_LIMIT_MAX", "nself.rate-limit.max", 0, 100_000_000);
        putInt(env, props, "RATE_LIMIT_WINDOW_MS", "nself.rate-limit.window-ms", 1, 86_400_000);
        putInt(env, props, "INGEST_RATE_LIMIT_PER_SECOND", "nself.rate-limit.ingest-per-second", 0, 100_000_000);
        putInt(
                env,
                props,
                "INGEST_ACCOUNT_RATE_LIMIT_PER_SECOND",
                "nself.rate-limit.ingest-account-per-second",
                0,
                100_000_000);
        return props;
    }

    /**
     * NSELF_TRUSTED_PROXY_HEADER: the header a trusted proxy sets to the client's address (the shipped nginx
     * sets X-Real-IP). Unset, rate limits count the socket peer (on Lambda, API Gateway's source IP) and no
     * client-sent header such as X-Forwarded-For is believed.
     */
    static Map<String, Object> trustedProxyHeader(Map<String, String> env) {
        String header = env.get("NSELF_TRUSTED_PROXY_HEADER");
        if (!present(header)) {
            return Map.of();
        }
        if (!HEADER_NAME.matcher(header.strip()).matches()) {
            throw new ConfigurationError("NSELF_TRUSTED_PROXY_HEADER", "must be a header name such as X-Real-IP");
        }
        return Map.of("nself.client-address.trusted-header", header.strip());
    }

    /**
     * Hasura's HASURA_GRAPHQL_JWT_SECRET JSON, mapped onto {@code nself.auth.jwt.*} ({@code auth.JwtSettings}).
     * A {@code jwk_url} must be https, unless its host is named in NSELF_OUTBOUND_ALLOW (an IdP on the
     * private network), so keys are never fetched in clear from an address nobody vouched for.
     */
    static Map<String, Object> hasuraJwt(String json, String outboundAllow) {
        Map<String, Object> config;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = JsonMapper.createDefault().readValue(json, Map.class);
            config = parsed;
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationError("HASURA_GRAPHQL_JWT_SECRET", "is not valid JSON");
        }
        if (config == null) {
            throw new ConfigurationError("HASURA_GRAPHQL_JWT_SECRET", "is not a JSON object");
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(JWT + "enabled", true);
        Object jwkUrl = config.get("jwk_url");
        Object type = config.get("type");
        Object key = config.get("key");
        if (jwkUrl instanceof String url && !url.isBlank()) {
            props.put(JWT + "jwk-url", jwkUrl(url.strip(), outboundAllow));
        } else if ("HS256".equals(type) || "HS384".equals(type) || "HS512".equals(type)) {
            if (!(key instanceof String k) || k.length() < MIN_HS256_KEY_LENGTH) {
                throw new ConfigurationError(
                        "HASURA_GRAPHQL_JWT_SECRET",
                        type + " key must be at least " + MIN_HS256_KEY_LENGTH + " characters");
            }
            props.put(JWT + "algorithm", type);
            props.put(JWT + "key", k);
        } else if ("RS256".equals(type) || "RS384".equals(type) || "RS512".equals(type)) {
            if (!(key instanceof String pem) || !pem.contains("-----BEGIN")) {
                throw new ConfigurationError("HASURA_GRAPHQL_JWT_SECRET", type + " key must be a PEM public key");
            }
            RsaPublicKeys.parse(pem); // fail at start, not at the first request
            props.put(JWT + "algorithm", type);
            props.put(JWT + "key", pem);
        } else {
            throw new ConfigurationError(
                    "HASURA_GRAPHQL_JWT_SECRET", "needs jwk_url, or type HS256/HS384/HS512/RS256/RS384/RS512 with key");
        }
        if (config.get("claims_namespace") instanceof String ns && !ns.isBlank()) {
            props.put(JWT + "claims-namespace", ns);
        }
        if (config.get("issuer") instanceof String issuer && !issuer.isBlank()) {
            props.put(JWT + "issuer", issuer);
        }
        if (config.get("audience") instanceof String audience && !audience.isBlank()) {
            props.put(JWT + "audience", audience);
        }
        Object skew = config.get("allowed_skew");
        if (skew != null) {
            if (!(skew instanceof Number n)
                    || n.doubleValue() != Math.rint(n.doubleValue())
                    || n.longValue() < 0
                    || n.longValue() > JwtSettings.MAX_LEEWAY_SECONDS) {
                throw new ConfigurationError(
                        "HASURA_GRAPHQL_JWT_SECRET",
                        "allowed_skew must be whole seconds from 0 to " + JwtSettings.MAX_LEEWAY_SECONDS);
            }
            props.put(JWT + "leeway-seconds", n.intValue());
        }
        return props;
    }

    private static String jwkUrl(String url, String outboundAllow) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ConfigurationError("HASURA_GRAPHQL_JWT_SECRET", "jwk_url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ConfigurationError("HASURA_GRAPHQL_JWT_SECRET", "jwk_url must be an https URL");
        }
        if (scheme.equals("http") && !OutboundPolicy.allowListNames(outboundAllow, uri.getHost())) {
            throw new ConfigurationError(
                    "HASURA_GRAPHQL_JWT_SECRET",
                    "jwk_url must be https (http only for a host named in NSELF_OUTBOUND_ALLOW)");
        }
        return url;
    }

    private static void putInt(
            Map<String, String> env, Map<String, Object> props, String variable, String property, int min, int max) {
        String raw = env.get(variable);
        if (present(raw)) {
            props.put(property, intIn(variable, raw, min, max));
        }
    }

    private static int intIn(String variable, String raw, int min, int max) {
        try {
            int value = Integer.parseInt(raw.strip());
            if (value < min || value > max) {
                throw new ConfigurationError(variable, "must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigurationError(variable, "must be a whole number, got '" + raw.strip() + "'");
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
