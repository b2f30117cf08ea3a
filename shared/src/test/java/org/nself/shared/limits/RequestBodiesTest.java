package org.nself.shared.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;

class RequestBodiesTest {
    @Test
    void gzipAndDeflateBodiesAreDecoded() throws IOException {
        byte[] text = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(RequestBodies.decode(gzip(text), "gzip", 100)).isEqualTo(text);
        assertThat(RequestBodies.decode(deflate(text), "deflate", 100)).isEqualTo(text);
        assertThat(RequestBodies.decode(text, null, 100)).isEqualTo(text);
        assertThat(RequestBodies.looksGzipped(gzip(text))).isTrue();
    }

    @Test
    void aBombStopsAtTheDecodedLimit() throws IOException {
        byte[] bomb = gzip(new byte[50 * 1024 * 1024]);
        assertThatThrownBy(() -> RequestBodies.decode(bomb, "gzip", 1024 * 1024))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
    }

    @Test
    void aStreamedBombIsCutAtTheLimitAfterReadingLittleOfTheWire() throws IOException {
        byte[] bomb = gzip(new byte[64 * 1024 * 1024]);
        CountingStream wire = new CountingStream(bomb);
        InputStream decoded = RequestBodies.decoding(wire, "gzip", Long.MAX_VALUE, 1024 * 1024);

        assertThatThrownBy(() -> RequestBodies.readAll(decoded))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
        // about 1/1000 of 1 MiB plus one inflater chunk, not the 64 KiB of the whole bomb
        assertThat(wire.read).isLessThan(bomb.length / 2);
    }

    @Test
    void aStreamedBodyIsCutOnTheWireAndSniffedGzipIsInflated() throws IOException {
        byte[] text = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(RequestBodies.readAll(
                        RequestBodies.decodingSniffed(new ByteArrayInputStream(gzip(text)), null, 100, 100)))
                .isEqualTo(text);
        assertThat(RequestBodies.readAll(RequestBodies.decodingSniffed(new ByteArrayInputStream(text), null, 100, 100)))
                .isEqualTo(text);
        assertThatThrownBy(() -> RequestBodies.readAll(
                        RequestBodies.decoding(new ByteArrayInputStream(new byte[5000]), null, 1000, 100_000)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
                    assertThat(e.getMessage()).contains("on the wire");
                });
    }

    /** Counts what the decoder pulled from the "network". */
    static final class CountingStream extends ByteArrayInputStream {
        long read;

        CountingStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            read += Math.max(n, 0);
            return n;
        }

        @Override
        public synchronized int read() {
            int b = super.read();
            read += b < 0 ? 0 : 1;
            return b;
        }
    }

    @Test
    void anUnknownEncodingIs415AndCorruptDataIs400() {
        assertThatThrownBy(() -> RequestBodies.decode(new byte[] {1}, "br", 10))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_MEDIA_TYPE));
        assertThatThrownBy(() -> RequestBodies.decode(new byte[] {1, 2, 3}, "gzip", 10))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
        assertThatThrownBy(() -> RequestBodies.decode(new byte[20], null, 10))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
    }

    @Test
    void aFixedWindowAllowsItsLimitThenRefusesUntilTheNextWindow() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00.100Z"));
        FixedWindowLimiter limiter = new FixedWindowLimiter(2, 1000, clock);
        assertThat(limiter.acquire("k").allowed()).isTrue();
        assertThat(limiter.acquire("k").remaining()).isZero();
        FixedWindowLimiter.Decision refused = limiter.acquire("k");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThat(limiter.acquire("other").allowed()).isTrue();
        clock.now = Instant.parse("2026-01-01T00:00:01.000Z");
        assertThat(limiter.acquire("k").allowed()).isTrue();
        assertThat(new FixedWindowLimiter(0, 1000, clock).enabled()).isFalse();
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }
}
