package org.nself.shared.limits;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;

/**
 * A process-wide budget of the heap that ingest requests hold at once
 * ({@code nself.ingest.max-in-flight-bytes}, env {@code NSELF_INGEST_MAX_IN_FLIGHT_BYTES}, {@code 0}
 * turns it off). A request reserves its body bytes as it reads them ({@link Reservation#meter}, so a
 * slow sender holds only what it has sent), then the {@link #parseCost} of each JSON document before
 * parsing it, and gives all back when answered. So this bound, not the number of connections, decides
 * how much heap concurrent ingest takes. When it is spent the request is refused with 429 and
 * {@code Retry-After} (SDKs back off and resend), never queued in memory.
 */
@Singleton
public final class IngestBudget {
    /**
     * Sized for the container heap (192 MiB: 384 MiB x MaxRAMPercentage 50), of which the idle service
     * uses about 60 MiB and the crash writer's batch up to about 20 MiB: 96 MiB of requests leave the
     * collector room (crash-fn/README.md, "Limits", has the measurements).
     */
    public static final long DEFAULT_MAX_IN_FLIGHT_BYTES = 96L * 1024 * 1024;

    /** Reservations grow in steps of this size, so metering costs one atomic add per step. */
    static final int STEP = 64 * 1024;

    static final long RETRY_AFTER_SECONDS = 1;

    // parseCost weights (bytes of heap): see there
    static final long COST_PER_BYTE = 4;
    static final long COST_PER_OBJECT = 128;
    static final long COST_PER_MEMBER = 64;
    static final long COST_PER_VALUE = 8;

    private final long max;
    private final AtomicLong used = new AtomicLong();

    @Inject
    IngestBudget(IngestSettings settings) {
        this(settings.maxInFlightBytes());
    }

    public IngestBudget(long max) {
        if (max < 0) {
            throw new IllegalArgumentException("nself.ingest.max-in-flight-bytes must be >= 0");
        }
        this.max = max;
    }

    /**
     * What parsing a JSON body into a tree (maps, lists, strings) and keeping its text costs on the heap
     * besides the body bytes themselves, by a scan that allocates nothing: measured with the service's
     * JsonMapper on 1 MB bodies, a string-heavy body costs about 1 byte of tree per byte, 2 more in the
     * request's copies of its text, while many small objects ({"a":1},…) cost about 65 bytes per
     * token (20 per byte). The weights below bound both from above.
     */
    public static long parseCost(byte[] json) {
        long objects = 0;
        long members = 0;
        long values = 0;
        boolean inString = false;
        boolean escaped = false;
        for (byte b : json) {
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
                continue;
            }
            switch (b) {
                case '"' -> inString = true;
                case '{' -> objects++;
                case ':' -> members++;
                case ',', '[' -> values++;
                default -> {}
            }
        }
        return COST_PER_BYTE * json.length
                + COST_PER_OBJECT * objects
                + COST_PER_MEMBER * members
                + COST_PER_VALUE * values;
    }

    /** A reservation of nothing yet; close it when the request is answered. */
    public Reservation open(Map<String, String> extraHeadersOnRefusal) {
        return new Reservation(extraHeadersOnRefusal);
    }

    /** Bytes reserved now, by every open reservation. */
    public long inFlight() {
        return used.get();
    }

    public long max() {
        return max;
    }

    private boolean tryTake(long n, long own) {
        if (max == 0) {
            return true;
        }
        while (true) {
            long now = used.get();
            // a budget nobody else uses admits one request, however large: the route's own limit bounds it
            if (now > own && now + n > max) {
                return false;
            }
            if (used.compareAndSet(now, now + n)) {
                return true;
            }
        }
    }

    private void give(long n) {
        if (max > 0 && n > 0) {
            used.addAndGet(-n);
        }
    }

    private static long roundUp(long n) {
        return (n + STEP - 1) / STEP * STEP;
    }

    /** The bytes one request holds; not thread-safe (one request, one thread). */
    public final class Reservation implements AutoCloseable {
        private final Map<String, String> extraHeaders;
        private long held;
        private long reserved;

        private Reservation(Map<String, String> extraHeaders) {
            this.extraHeaders = extraHeaders;
        }

        /** Reserves {@code n} more bytes, or throws 429 when the budget is spent. */
        public void hold(long n) {
            long wanted = roundUp(held + n);
            if (wanted > reserved) {
                if (!tryTake(wanted - reserved, reserved)) {
                    throw busy();
                }
                reserved = wanted;
            }
            held += n;
        }

        /** Gives back bytes this request no longer holds (an envelope item that was processed). */
        public void release(long n) {
            held = Math.max(0, held - n);
            long keep = roundUp(held);
            if (reserved > keep) {
                give(reserved - keep);
                reserved = keep;
            }
        }

        public long held() {
            return held;
        }

        /**
         * Reads a (capped, decoded) body whole, reserving its bytes as they arrive and then what parsing
         * it as JSON will cost ({@link #parseCost}).
         */
        public byte[] readAll(InputStream body) {
            byte[] bytes = RequestBodies.readAll(meter(body));
            hold(parseCost(bytes));
            return bytes;
        }

        /** A stream that reserves every byte read from it. */
        public InputStream meter(InputStream in) {
            return new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) {
                        hold(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = in.read(b, off, len);
                    if (n > 0) {
                        hold(n);
                    }
                    return n;
                }
            };
        }

        @Override
        public void close() {
            give(reserved);
            reserved = 0;
            held = 0;
        }

        private ApiException busy() {
            Map<String, String> headers = new HashMap<>(extraHeaders);
            headers.put("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            return new ApiException(
                    ErrorCode.RATE_LIMIT_EXCEEDED,
                    "ingest is busy (its " + max + "-byte memory budget is in use), retry later",
                    List.of(),
                    headers);
        }
    }
}
