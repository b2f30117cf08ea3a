package org.nself.shared.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP forwarder a test can cut and restore, to take the database away from a running
 * service and give it back, whatever PostgreSQL the tests use.
 */
public final class TcpProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final int port;
    private volatile ServerSocket server;
    private volatile boolean closed;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        ServerSocket first = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = first.getLocalPort();
        listen(first);
    }

    public int port() {
        return port;
    }

    /** Drops every connection and refuses new ones, as a database that went away. */
    public synchronized void cut() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    /** Listens again on the same port. */
    public synchronized void restore() throws IOException {
        ServerSocket again = new ServerSocket();
        again.setReuseAddress(true);
        again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listen(again);
    }

    private void listen(ServerSocket socket) {
        server = socket;
        Thread acceptor = new Thread(
                () -> {
                    while (!socket.isClosed() && !closed) {
                        try {
                            Socket client = socket.accept();
                            Socket upstream = new Socket(targetHost, targetPort);
                            open.add(client);
                            open.add(upstream);
                            pipe(client, upstream);
                            pipe(upstream, client);
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void pipe(Socket from, Socket to) {
        Thread t = new Thread(
                () -> {
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException ignored) {
                        // one side closed: the proxy's job for this pair is over
                    } finally {
                        try {
                            to.close();
                        } catch (IOException ignored) {
                            // already closed
                        }
                    }
                },
                "tcp-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        cut();
    }
}
