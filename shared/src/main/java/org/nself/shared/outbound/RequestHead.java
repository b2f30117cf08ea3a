package org.nself.shared.outbound;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.nself.shared.outbound.OutboundHttp.Failure;
import org.nself.shared.outbound.OutboundHttp.Request;

/** Writes a request's head: the request line with {@code Host}, and the caller's headers checked, then framing. */
final class RequestHead {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    /** Framing headers the client writes itself; a caller's would desynchronise the exchange. */
    private static final Set<String> OWN_HEADERS = Set.of(
            "host",
            "content-length",
            "transfer-encoding",
            "connection",
            "expect",
            "upgrade",
            "te",
            "trailer",
            "keep-alive",
            "proxy-connection");

    private RequestHead() {}

    /** Everything after the request line; refuses what could split the request. */
    static String afterRequestLine(Request request) throws Failure {
        if (!TOKEN.matcher(request.method()).matches()) {
            throw new Failure(Failure.Kind.INVALID, "method '" + request.method() + "' is not a token");
        }
        StringBuilder head = new StringBuilder();
        boolean userAgent = false;
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            String name = h.getKey();
            String value = h.getValue() == null ? "" : h.getValue();
            if (!TOKEN.matcher(name).matches() || OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new Failure(Failure.Kind.INVALID, "header '" + name + "' cannot be set");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\r' || c == '\n' || c == 0 || c > 0xff) {
                    throw new Failure(
                            Failure.Kind.INVALID,
                            "header '" + name + "' has a line break or a character outside Latin-1");
                }
            }
            userAgent |= name.equalsIgnoreCase("user-agent");
            head.append(name).append(": ").append(value).append("\r\n");
        }
        if (!userAgent) {
            head.append("User-Agent: nself\r\n");
        }
        if (request.body() != null
                || !Set.of("GET", "HEAD", "DELETE", "OPTIONS").contains(request.method())) {
            head.append("Content-Length: ")
                    .append(request.body() == null ? 0 : request.body().length)
                    .append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        return head.toString();
    }

    static String requestLine(Request request, OutboundPolicy.Target target) {
        String path = target.uri().getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        String query = target.uri().getRawQuery();
        return request.method() + " " + path + (query == null ? "" : "?" + query) + " HTTP/1.1\r\nHost: "
                + target.hostHeader() + "\r\n";
    }
}
