package org.nself.shared.limits;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.http.HttpRequest;
import io.micronaut.servlet.http.ServletHttpRequest;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * The address a rate limit counts a request against. Only what the client cannot choose: the peer of the
 * socket, or on Lambda the source IP API Gateway saw. A header is read only when the operator names one
 * that a trusted proxy sets ({@code nself.client-address.trusted-header}, env NSELF_TRUSTED_PROXY_HEADER;
 * the shipped nginx sets {@code X-Real-IP}). Micronaut's own resolver is not used: it believes a client's
 * {@code Forwarded}/{@code X-Forwarded-For}, so rotating that header would dodge every limit.
 */
@Singleton
public final class ClientAddress {
    private final String trustedHeader;

    ClientAddress(ClientAddressSettings settings) {
        String header = settings.trustedHeader().strip();
        this.trustedHeader = header.isEmpty() ? null : header.toLowerCase(Locale.ROOT);
    }

    public String of(HttpRequest<?> request) {
        if (trustedHeader != null) {
            String value = request.getHeaders().get(trustedHeader);
            if (value != null && !value.isBlank()) {
                // a list (X-Forwarded-For) is trusted only in its last entry, the one the proxy appended
                int comma = value.lastIndexOf(',');
                String last = (comma < 0 ? value : value.substring(comma + 1)).strip();
                if (!last.isEmpty()) {
                    return last;
                }
            }
            // without the header the request did not pass the proxy: its socket peer is the client
        }
        String lambda = lambdaSourceIp(request);
        if (lambda != null) {
            return lambda;
        }
        InetSocketAddress remote = request.getRemoteAddress();
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    /** On Lambda there is no socket: the servlet request's remote address is the server's own. */
    private static String lambdaSourceIp(HttpRequest<?> request) {
        if (!(request instanceof ServletHttpRequest<?, ?> servlet)) {
            return null;
        }
        Object event = servlet.getNativeRequest();
        if (event instanceof APIGatewayV2HTTPEvent v2
                && v2.getRequestContext() != null
                && v2.getRequestContext().getHttp() != null) {
            return blankToNull(v2.getRequestContext().getHttp().getSourceIp());
        }
        if (event instanceof APIGatewayProxyRequestEvent v1
                && v1.getRequestContext() != null
                && v1.getRequestContext().getIdentity() != null) {
            return blankToNull(v1.getRequestContext().getIdentity().getSourceIp());
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
