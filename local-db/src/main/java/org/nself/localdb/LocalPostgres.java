package org.nself.localdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

/**
 * A real PostgreSQL for the README's run command when DATABASE_URL is unset: the same embedded server
 * the tests use, with its data kept in a directory the user can see and delete ({@code .nself/pgdata}).
 * Prints one line {@code READY postgres://…} once it accepts connections, and runs until stopped.
 */
public final class LocalPostgres {
    static final String DATABASE = "nself";

    private LocalPostgres() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(arg(args, "--data", ".nself/pgdata")).toAbsolutePath();
        int port = Integer.parseInt(arg(args, "--port", "54329"));
        Files.createDirectories(data);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            boolean exists;
            try (ResultSet r = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                exists = r.next();
            }
            if (!exists) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (IOException e) {
                System.err.println("local PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            stopped.countDown();
        }));
        System.out.println(
                "READY postgres://postgres:postgres@127.0.0.1:" + port + "/" + DATABASE + " (data in " + data + ")");
        System.out.flush();
        stopped.await();
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
