package org.nself.shared.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

/** Hasura-style JWTs for tests. */
public final class Jwts {
    public static final String NAMESPACE = "https://hasura.io/jwt/claims";

    private Jwts() {}

    public static JWTClaimsSet claims(String account, Instant expires) {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .subject("user-1")
                .issueTime(Date.from(Instant.now().minusSeconds(5)))
                .expirationTime(Date.from(expires));
        if (account != null) {
            b.claim(
                    NAMESPACE,
                    Map.of(
                            "x-hasura-source-account-id",
                            account,
                            "x-hasura-default-role",
                            "user",
                            "x-hasura-allowed-roles",
                            java.util.List.of("user")));
        }
        return b.build();
    }

    public static String hs256(String key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(key.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An HMAC-signed token with any HS algorithm and any key bytes (a key shorter than the algorithm wants,
     * or an RSA public key's bytes, to try confusion), computed directly since a JOSE library refuses those.
     */
    public static String hmac(JWSAlgorithm algorithm, byte[] key, JWTClaimsSet claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(
                        ("{\"alg\":\"" + algorithm.getName() + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8))
                + "."
                + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        String javaName = "Hmac" + algorithm.getName().replace("HS", "SHA");
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance(javaName);
            mac.init(new javax.crypto.spec.SecretKeySpec(key, javaName));
            return signingInput + "."
                    + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String rs256(RSAPrivateKey key, String keyId, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims without {@code exp}. */
    public static JWTClaimsSet withoutExpiry(String account) {
        return new JWTClaimsSet.Builder(claims(account, Instant.now().plusSeconds(300)))
                .expirationTime(null)
                .build();
    }

    /**
     * Claims that try to make the holder the operator: the attribute names the services use internally, at
     * the top and inside the namespace, and Hasura's admin role.
     */
    public static JWTClaimsSet claimingOperator(String account, Instant expires) {
        return new JWTClaimsSet.Builder()
                .subject("plugin-secret")
                .expirationTime(java.util.Date.from(expires))
                .claim("nself_auth", "plugin_secret")
                .claim("nself_account", "someone-else")
                .claim(
                        NAMESPACE,
                        Map.of(
                                "x-hasura-source-account-id",
                                account,
                                "x-hasura-role",
                                "admin",
                                "x-hasura-default-role",
                                "admin",
                                "nself_auth",
                                "plugin_secret"))
                .build();
    }

    /** {@code alg: none} with a signature part that is not empty (some validators only look at one). */
    public static String noneWithSignature(JWTClaimsSet claims) {
        return unsigned(claims) + "c2lnbmF0dXJl";
    }

    /** An unsigned token ({@code alg: none}) with the given claims. */
    public static String unsigned(JWTClaimsSet claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }
}
