package org.nself.shared.config;

import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads an RSA public key from PEM: a {@code PUBLIC KEY} block or a {@code CERTIFICATE}, as Hasura accepts. */
public final class RsaPublicKeys {
    private RsaPublicKeys() {}

    public static RSAPublicKey parse(String pem) {
        try {
            if (pem.contains("BEGIN CERTIFICATE")) {
                var cert = CertificateFactory.getInstance("X.509")
                        .generateCertificate(new java.io.ByteArrayInputStream(
                                pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
                if (cert.getPublicKey() instanceof RSAPublicKey key) {
                    return key;
                }
                throw new ConfigurationError("HASURA_GRAPHQL_JWT_SECRET", "certificate does not hold an RSA key");
            }
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "")
                    .replace("\\n", "");
            byte[] der = Base64.getDecoder().decode(base64);
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (ConfigurationError e) {
            throw e;
        } catch (Exception e) {
            throw new ConfigurationError("HASURA_GRAPHQL_JWT_SECRET", "key is not a readable RSA public key");
        }
    }
}
