package org.nself.crash.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.testing.PostgresTest;

/**
 * The envelope limits of SPEC at their edges: 20 MiB on the wire and 100 MiB decompressed are accepted,
 * one byte more is a 413. The server's own request limit sits above them, so it is the route that answers.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnvelopeLimitsTest implements PostgresTest {
    static final int MIB = 1024 * 1024;
    static final int WIRE_LIMIT = 20 * MIB;
    static final int DECODED_LIMIT = 100 * MIB;
    /** gzip's fixed header (10 bytes, with FCOMMENT set) and trailer (CRC-32 and length, 8 bytes). */
    static final int GZIP_HEADER = 10;

    static final int GZIP_TRAILER = 8;

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    SentryProject project;

    @BeforeEach
    void freshProject() {
        project = SentryProject.create(server, json);
    }

    HttpResponse<String> send(byte[] gzipped) {
        return project.envelope(
                gzipped, Map.of("Content-Type", "application/x-sentry-envelope", "Content-Encoding", "gzip"));
    }

    long crashes(String q) {
        return project.crashes(q);
    }

    static String event(String message) {
        return "{\"event_id\":\"" + UUID.randomUUID() + "\",\"level\":\"error\",\"message\":\"" + message + "\"}";
    }

    @Test
    void twentyMebibytesOnTheWireAreAcceptedAndOneByteMoreIsA413() {
        // an event, then an attachment of random letters: gzip takes it to about half, so it inflates to ~38 MiB
        Deflated envelope = deflate(out -> {
            write(out, "{}\n{\"type\":\"event\"}\n" + event("at-the-wire-limit") + "\n{\"type\":\"attachment\"}\n");
            SplittableRandom random = new SplittableRandom(13);
            byte[] chunk = new byte[256 * 1024];
            while (out.compressedSize() < WIRE_LIMIT - MIB) {
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = (byte) ('a' + random.nextInt(16));
                }
                write(out, chunk);
            }
            write(out, "\n");
        });
        assertThat(envelope.length()).isBetween(30L * MIB, 60L * MIB);

        HttpResponse<String> over = send(gzipOfExactly(WIRE_LIMIT + 1, envelope));
        assertThat(over.statusCode()).isEqualTo(413);
        assertThat(over.body()).contains("PAYLOAD_TOO_LARGE").contains("on the wire");
        assertThat(crashes("at-the-wire-limit")).isZero();

        HttpResponse<String> atLimit = send(gzipOfExactly(WIRE_LIMIT, envelope));
        assertThat(atLimit.statusCode()).as(atLimit.body()).isEqualTo(200);
        assertThat(crashes("at-the-wire-limit")).isEqualTo(1);
    }

    @Test
    void oneHundredMebibytesDecompressedAreAcceptedAndOneByteMoreIsA413() {
        String event = event("at-the-decoded-limit");
        String tail = "\n{\"type\":\"event\"}\n" + event;

        HttpResponse<String> over = send(zerosThenEvent(DECODED_LIMIT + 1, tail));
        assertThat(over.statusCode()).isEqualTo(413);
        assertThat(over.body()).contains("PAYLOAD_TOO_LARGE").contains("decompressed");
        assertThat(crashes("at-the-decoded-limit")).isZero();

        HttpResponse<String> atLimit = send(zerosThenEvent(DECODED_LIMIT, tail));
        assertThat(atLimit.statusCode()).as(atLimit.body()).isEqualTo(200);
        assertThat(crashes("at-the-decoded-limit")).isEqualTo(1);
    }

    /** An envelope of exactly {@code decodedSize} bytes: an attachment of zeros, then {@code tail}, gzipped. */
    static byte[] zerosThenEvent(int decodedSize, String tail) {
        String head = "{}\n{\"type\":\"attachment\",\"length\":";
        int digits = String.valueOf(decodedSize).length();
        int zeros = decodedSize - head.length() - digits - 2 - tail.length();
        String itemHeader = head + zeros + "}\n";
        assertThat(itemHeader.length() + zeros + tail.length()).isEqualTo(decodedSize);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(raw)) {
            gz.write(itemHeader.getBytes(StandardCharsets.UTF_8));
            byte[] chunk = new byte[MIB];
            for (int left = zeros; left > 0; left -= Math.min(left, chunk.length)) {
                gz.write(chunk, 0, Math.min(left, chunk.length));
            }
            gz.write(tail.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return raw.toByteArray();
    }

    /** Raw deflate data with what gzip's trailer needs: the CRC-32 and the length of what it inflates to. */
    record Deflated(byte[] bytes, long crc, long length) {}

    /** A deflating stream that knows how much it has written so far, compressed. */
    static final class Deflating {
        private final ByteArrayOutputStream compressed = new ByteArrayOutputStream(WIRE_LIMIT);
        private final CRC32 crc = new CRC32();
        private final CheckedOutputStream in =
                new CheckedOutputStream(new DeflaterOutputStream(compressed, new Deflater(6, true), 64 * 1024), crc);
        private long length;

        long compressedSize() {
            return compressed.size();
        }
    }

    static void write(Deflating out, String text) {
        write(out, text.getBytes(StandardCharsets.UTF_8));
    }

    static void write(Deflating out, byte[] bytes) {
        try {
            out.in.write(bytes);
            out.length += bytes.length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Deflated deflate(java.util.function.Consumer<Deflating> content) {
        Deflating out = new Deflating();
        content.accept(out);
        try {
            out.in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Deflated(out.compressed.toByteArray(), out.crc.getValue(), out.length);
    }

    /** One gzip member of exactly {@code size} bytes, padded to it by the header's comment field (FCOMMENT). */
    static byte[] gzipOfExactly(int size, Deflated data) {
        int comment = size - GZIP_HEADER - 1 - data.bytes().length - GZIP_TRAILER;
        assertThat(comment).as("padding").isNotNegative();
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0x10, 0, 0, 0, 0, 0, (byte) 0xff});
        byte[] padding = new byte[comment];
        Arrays.fill(padding, (byte) 'c');
        out.writeBytes(padding);
        out.write(0);
        out.writeBytes(data.bytes());
        littleEndian(out, data.crc());
        littleEndian(out, data.length());
        assertThat(out.size()).isEqualTo(size);
        return out.toByteArray();
    }

    private static void littleEndian(OutputStream out, long value) {
        try {
            for (int i = 0; i < 4; i++) {
                out.write((int) (value >>> (8 * i)) & 0xff);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
