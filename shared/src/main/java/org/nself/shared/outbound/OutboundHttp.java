package org.nself.shared.outbound;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.nself.shared.error.ApiException;

/**
 * The one way the services make an outbound HTTP request. Each call checks the URL with the
 * {@link OutboundPolicy}, which resolves the host once, and connects a socket to exactly an address it
 * checked — so a name that resolves to a public address for the check and to an internal one for the
 * connection (DNS rebinding) gets nowhere; a retry is a new call and is checked again. The request keeps
 * the host the user gave in {@code Host} and in TLS (SNI, and the certificate is verified against that
 * name). It speaks a minimal HTTP/1.1: one request per connection, {@code Content-Length} bodies, no
 * redirects followed, a response body of {@code Content-Length}, chunked or until close, read only up
 * to the caller's cap while it streams in, with one deadline over the whole exchange.
 *
 * <p>java.net.http cannot be given the address to connect to on Java 17 (it resolves again itself), hence
 * this small client.
 */
public final class OutboundHttp {
    /** Connecting may take at most this long (less when the whole call has less time). */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The status line and headers of a response may be at most this long. */
    public static final int MAX_RESPONSE_HEAD = 64 * 1024;

    private static final int MAX_LINE = 8 * 1024;
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

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "outbound-deadline");
        t.setDaemon(true);
        return t;
    });

    private final OutboundPolicy policy;
    private final SSLSocketFactory tls;
    private final Duration connectTimeout;

    public OutboundHttp(OutboundPolicy policy) {
        this(policy, null, CONNECT_TIMEOUT);
    }

    /** With the TLS socket factory (tests trust their own certificate) and the connect time-out. */
    public OutboundHttp(OutboundPolicy policy, SSLSocketFactory tls, Duration connectTimeout) {
        this.policy = policy;
        this.tls = tls;
        this.connectTimeout = connectTimeout;
    }

    /**
     * One request.
     *
     * @param timeout the whole exchange, from resolving to the last byte read
     * @param maxBody how much of the response body to keep; reading stops there ({@code 0}: none is read)
     */
    public record Request(
            String method, String url, Map<String, String> headers, byte[] body, Duration timeout, int maxBody) {
        public Request {
            headers = headers == null ? Map.of() : headers;
        }
    }

    /**
     * What the peer answered: header names lower-case; {@code truncated} when the body went on beyond the
     * cap (the rest was not read).
     */
    public record Response(int status, Map<String, List<String>> headers, byte[] body, boolean truncated) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** Why no response came back; the message names the host as given, never an address it resolved to. */
    public static final class Failure extends Exception {
        public enum Kind {
            /** the policy refused the URL (not worth retrying) */
            REFUSED,
            /** the request cannot be sent as given (not worth retrying) */
            INVALID,
            TIMED_OUT,
            CONNECTION_FAILED,
            /** the peer answered something that is not HTTP/1.x */
            BAD_RESPONSE
        }

        private final Kind kind;

        Failure(Kind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }

        /** Worth another attempt later: the peer may answer then. */
        public boolean retryable() {
            return kind != Kind.REFUSED && kind != Kind.INVALID;
        }
    }

    /**
     * Sends the request and reads the response.
     *
     * @param field the setting or request field the URL came from, for the policy's refusal
     */
    public Response send(String field, Request request) throws Failure {
        long deadline = System.nanoTime() + request.timeout().toNanos();
        String head = requestHead(request);
        OutboundPolicy.Target target;
        try {
            target = policy.check(field, request.url());
        } catch (ApiException e) {
            throw new Failure(Failure.Kind.REFUSED, e.getMessage());
        }
        byte[] headBytes = requestLine(request, target).concat(head).getBytes(StandardCharsets.ISO_8859_1);
        Failure last = null;
        for (InetAddress address : target.addresses()) {
            Socket socket = new Socket();
            try {
                connect(socket, address, target, deadline);
            } catch (Failure f) {
                close(socket); // the next address, while the deadline leaves time
                last = f;
                continue;
            }
            // a peer that stops reading would block a write forever (sockets have no write time-out):
            // the deadline closes the socket whatever the exchange is doing
            AtomicBoolean expired = new AtomicBoolean();
            ScheduledFuture<?> watchdog = WATCHDOG.schedule(
                    () -> {
                        expired.set(true);
                        close(socket);
                    },
                    Math.max(1, remainingMillis(deadline)),
                    TimeUnit.MILLISECONDS);
            try {
                return exchange(socket, target, request, headBytes, deadline);
            } catch (Failure f) {
                throw expired.get() ? new Failure(Failure.Kind.TIMED_OUT, "timed out waiting for " + target.host()) : f;
            } finally {
                watchdog.cancel(false);
                close(socket);
            }
        }
        throw last != null ? last : new Failure(Failure.Kind.CONNECTION_FAILED, "no address to connect to");
    }

    private void connect(Socket socket, InetAddress address, OutboundPolicy.Target target, long deadline)
            throws Failure {
        int ms = (int) Math.min(connectTimeout.toMillis(), remainingMillis(deadline));
        if (ms <= 0) {
            throw new Failure(Failure.Kind.TIMED_OUT, "timed out");
        }
        try {
            socket.connect(new InetSocketAddress(address, target.port()), ms);
        } catch (SocketTimeoutException e) {
            throw new Failure(Failure.Kind.TIMED_OUT, "timed out connecting to " + target.host());
        } catch (IOException e) {
            throw new Failure(
                    Failure.Kind.CONNECTION_FAILED,
                    "connection to " + target.host() + " failed ("
                            + e.getClass().getSimpleName() + ")");
        }
    }

    private Response exchange(Socket socket, OutboundPolicy.Target target, Request request, byte[] head, long deadline)
            throws Failure {
        Socket io = socket;
        try {
            if (target.https()) {
                io = handshake(socket, target, deadline);
            }
            OutputStream out = io.getOutputStream();
            out.write(head);
            if (request.body() != null) {
                out.write(request.body());
            }
            out.flush();
            InputStream in = new BufferedInputStream(new DeadlineInput(io, deadline));
            return readResponse(in, request, target);
        } catch (SocketTimeoutException e) {
            throw new Failure(Failure.Kind.TIMED_OUT, "timed out waiting for " + target.host());
        } catch (SSLException e) {
            throw new Failure(
                    Failure.Kind.CONNECTION_FAILED,
                    "TLS with " + target.host() + " failed (" + e.getClass().getSimpleName() + ")");
        } catch (IOException e) {
            throw new Failure(
                    Failure.Kind.CONNECTION_FAILED,
                    "connection to " + target.host() + " failed ("
                            + e.getClass().getSimpleName() + ")");
        } finally {
            if (io != socket) {
                close(io);
            }
        }
    }

    private SSLSocket handshake(Socket socket, OutboundPolicy.Target target, long deadline) throws IOException {
        SSLSocketFactory factory = tls;
        if (factory == null) {
            try {
                factory = SSLContext.getDefault().getSocketFactory();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new SSLException("no TLS", e);
            }
        }
        SSLSocket ssl = (SSLSocket) factory.createSocket(socket, target.host(), target.port(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        // the certificate must name the host the user gave, whatever address it was reached at
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isAddressLiteral(target.host())) {
            parameters.setServerNames(List.of(new SNIHostName(target.host())));
        }
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout((int) Math.max(1, remainingMillis(deadline)));
        ssl.startHandshake();
        return ssl;
    }

    private static boolean isAddressLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    /** Everything after the request line; refuses what could split the request. */
    private static String requestHead(Request request) throws Failure {
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

    private static String requestLine(Request request, OutboundPolicy.Target target) {
        String path = target.uri().getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        String query = target.uri().getRawQuery();
        return request.method() + " " + path + (query == null ? "" : "?" + query) + " HTTP/1.1\r\nHost: "
                + target.hostHeader() + "\r\n";
    }

    private static Response readResponse(InputStream in, Request request, OutboundPolicy.Target target)
            throws IOException, Failure {
        int[] headBudget = {MAX_RESPONSE_HEAD};
        while (true) {
            String statusLine = readLine(in, headBudget, target);
            if (statusLine == null) {
                throw new Failure(
                        Failure.Kind.BAD_RESPONSE, target.host() + " closed the connection without answering");
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[1-5][0-9][0-9]")) {
                throw new Failure(Failure.Kind.BAD_RESPONSE, target.host() + " did not answer HTTP/1.x");
            }
            int status = Integer.parseInt(parts[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            String line;
            while ((line = readLine(in, headBudget, target)) != null && !line.isEmpty()) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new Failure(Failure.Kind.BAD_RESPONSE, target.host() + " sent a malformed header");
                }
                headers.computeIfAbsent(
                                line.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).strip());
            }
            if (line == null) {
                throw new Failure(Failure.Kind.BAD_RESPONSE, target.host() + " closed the connection mid-answer");
            }
            if (status >= 100 && status < 200 && status != 101) {
                continue; // an interim answer (100 Continue, 103 Early Hints): the real one follows
            }
            boolean noBody = request.method().equals("HEAD") || status < 200 || status == 204 || status == 304;
            if (noBody || request.maxBody() <= 0) {
                return new Response(status, headers, new byte[0], false);
            }
            return body(in, status, headers, request.maxBody(), target);
        }
    }

    private static Response body(
            InputStream in, int status, Map<String, List<String>> headers, int cap, OutboundPolicy.Target target)
            throws IOException, Failure {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(cap, 8192));
        List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
        boolean truncated;
        if (encoding.stream().anyMatch(e -> e.toLowerCase(Locale.ROOT).contains("chunked"))) {
            truncated = chunked(in, out, cap, target);
        } else if (headers.containsKey("content-length")) {
            long length;
            try {
                length = Long.parseLong(headers.get("content-length").get(0));
            } catch (NumberFormatException e) {
                throw new Failure(Failure.Kind.BAD_RESPONSE, target.host() + " sent a malformed Content-Length");
            }
            if (length < 0) {
                throw new Failure(Failure.Kind.BAD_RESPONSE, target.host() + " sent a malformed Content-Length");
            }
            long wanted = Math.min(length, cap);
            copy(in, out, wanted, true, target);
            truncated = length > cap;
        } else {
            truncated = copy(in, out, cap + 1L, false, target) > cap;
            if (truncated) {
                byte[] kept = java.util.Arrays.copyOf(out.toByteArray(), cap);
                return new Response(status, headers, kept, true);
            }
        }
        return new Response(status, headers, out.toByteArray(), truncated);
    }

    /** Decodes chunks into {@code out} up to {@code cap} bytes; true when there was more. */
    private static boolean chunked(InputStream in, ByteArrayOutputStream out, int cap, OutboundPolicy.Target target)
            throws IOException, Failure {
        while (true) {
            // chunk lines are bounded one by one; the body cap bounds how many there are
            String line = readLine(in, new int[] {MAX_LINE}, target);
            if (line == null) {
                throw new Failure(Failure.Kind.BAD_RESPONSE, target.host() + " ended a chunked body early");
            }
            int semicolon = line.indexOf(';');
            String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new Failure(Failure.Kind.BAD_RESPONSE, target.host() + " sent a malformed chunk");
            }
            if (size < 0) {
                throw new Failure(Failure.Kind.BAD_RESPONSE, target.host() + " sent a malformed chunk");
            }
            if (size == 0) {
                return false; // trailers are not read: the connection closes
            }
            long room = cap - out.size();
            if (size > room) {
                copy(in, out, room, true, target);
                return true;
            }
            copy(in, out, size, true, target);
            String end = readLine(in, new int[] {MAX_LINE}, target);
            if (end == null || !end.isEmpty()) {
                throw new Failure(Failure.Kind.BAD_RESPONSE, target.host() + " sent a malformed chunk");
            }
        }
    }

    /** Copies up to {@code n} bytes; with {@code exact} an earlier end is a failure. Returns the count. */
    private static long copy(InputStream in, ByteArrayOutputStream out, long n, boolean exact, OutboundPolicy.Target t)
            throws IOException, Failure {
        byte[] buffer = new byte[8192];
        long copied = 0;
        while (copied < n) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, n - copied));
            if (read < 0) {
                if (exact) {
                    throw new Failure(Failure.Kind.BAD_RESPONSE, t.host() + " closed the connection mid-body");
                }
                break;
            }
            out.write(buffer, 0, read);
            copied += read;
        }
        return copied;
    }

    /** A line without its CRLF (or LF), null at the end of the stream; counts against the head budget. */
    private static String readLine(InputStream in, int[] budget, OutboundPolicy.Target target)
            throws IOException, Failure {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.length() == 0 ? null : line.toString();
            }
            if (--budget[0] < 0 || line.length() > MAX_LINE) {
                throw new Failure(Failure.Kind.BAD_RESPONSE, target.host() + " sent an oversized response head");
            }
            if (b == '\n') {
                int len = line.length();
                if (len > 0 && line.charAt(len - 1) == '\r') {
                    line.setLength(len - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    private static long remainingMillis(long deadline) {
        return (deadline - System.nanoTime()) / 1_000_000;
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing was pending on it
        }
    }

    /** Socket input whose reads all end by one deadline (the read time-out shrinks as it nears). */
    private static final class DeadlineInput extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final long deadline;

        DeadlineInput(Socket socket, long deadline) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadline = deadline;
        }

        private void arm() throws IOException {
            long ms = remainingMillis(deadline);
            if (ms <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, ms));
        }

        @Override
        public int read() throws IOException {
            arm();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            return in.read(b, off, len);
        }
    }
}
