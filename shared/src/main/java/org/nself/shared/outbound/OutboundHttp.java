package org.nself.shared.outbound;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * this small client: this class checks, connects and keeps the deadline; {@link RequestHead} writes the
 * request, {@link ResponseReader} reads the answer and {@link DeadlineInput} bounds every read.
 */
public final class OutboundHttp {
    /** Connecting may take at most this long (less when the whole call has less time). */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The status line and headers of a response may be at most this long. */
    public static final int MAX_RESPONSE_HEAD = 64 * 1024;

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
        String head = RequestHead.afterRequestLine(request);
        OutboundPolicy.Target target;
        try {
            target = policy.check(field, request.url());
        } catch (ApiException e) {
            throw new Failure(Failure.Kind.REFUSED, e.getMessage());
        }
        byte[] headBytes = RequestHead.requestLine(request, target).concat(head).getBytes(StandardCharsets.ISO_8859_1);
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
            return ResponseReader.read(in, request, target);
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

    static long remainingMillis(long deadline) {
        return (deadline - System.nanoTime()) / 1_000_000;
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing was pending on it
        }
    }
}
