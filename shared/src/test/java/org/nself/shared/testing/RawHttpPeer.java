package org.nself.shared.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A local HTTP/1.1 peer at a chosen address (e.g. 127.0.0.2 beside 127.0.0.1), optionally over TLS,
 * whose answer a test writes byte by byte (odd framing, endless bodies, silence) and which keeps what it
 * received, TLS server names included. For tests of outbound calls.
 */
public final class RawHttpPeer implements AutoCloseable {
    /** One request as received; header names lower case. */
    public record Received(String requestLine, Map<String, String> headers, byte[] body, List<String> serverNames) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Writes the answer to a request; may write forever (the peer stops when the client hangs up). */
    @FunctionalInterface
    public interface Responder {
        void respond(Received request, OutputStream out) throws IOException;
    }

    private final ServerSocket server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private RawHttpPeer(ServerSocket server, Responder responder) {
        this.server = server;
        this.acceptor = new Thread(() -> accept(responder), "raw-http-peer");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    public static RawHttpPeer start(String address, int port, Responder responder) {
        return start(address, port, null, responder);
    }

    public static RawHttpPeer start(String address, int port, SSLContext tls, Responder responder) {
        try {
            ServerSocket socket = tls == null
                    ? new ServerSocket()
                    : tls.getServerSocketFactory().createServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            return new RawHttpPeer(socket, responder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An answer with a Content-Length body. */
    public static Responder answering(int status, String body) {
        return (request, out) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 " + status + " X\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
        };
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    private void accept(Responder responder) {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            Thread worker = new Thread(() -> serve(socket, responder), "raw-http-peer-conn");
            worker.setDaemon(true);
            worker.start();
        }
    }

    private void serve(Socket socket, Responder responder) {
        try (Socket s = socket) {
            InputStream in = s.getInputStream();
            String requestLine = line(in);
            if (requestLine == null) {
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            String header;
            while ((header = line(in)) != null && !header.isEmpty()) {
                int colon = header.indexOf(':');
                headers.put(
                        header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).strip());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            List<String> names = new ArrayList<>();
            if (s instanceof SSLSocket ssl && ssl.getSession() instanceof ExtendedSSLSession session) {
                for (SNIServerName name : session.getRequestedServerNames()) {
                    names.add(name instanceof SNIHostName host ? host.getAsciiName() : name.toString());
                }
            }
            Received request = new Received(requestLine, headers, body, names);
            received.add(request);
            OutputStream out = s.getOutputStream();
            responder.respond(request, out);
            out.flush();
        } catch (IOException e) {
            // the client hung up (as it does once it has read what it wants) or the handshake failed
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return b < 0 && line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
