package org.nself.crash.symbolication;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.nself.crash.event.DebugImage;

/**
 * Throughput of symbolication over a generated 10,000-function Breakpad file (a plain benchmark, not a
 * test: run it with {@code java -cp crash-fn/target/classes:crash-fn/target/test-classes
 * org.nself.crash.symbolication.SymbolicationBenchmark}). Prints the file's size, its parse time, and
 * frames per second for the table lookup alone and for whole events (image mapping + lookup), each the
 * median of several timed rounds after a warm-up.
 */
public final class SymbolicationBenchmark {
    private static final int FUNCTIONS = 10_000;
    private static final int LINES_PER_FUNCTION = 8;
    private static final int ROUNDS = 7;
    private static volatile Object sink;

    private SymbolicationBenchmark() {}

    public static void main(String[] args) {
        Random random = new Random(42);
        String sym = generate(random);
        byte[] bytes = sym.getBytes(StandardCharsets.UTF_8);
        System.out.printf("file: %d functions, %,d bytes%n", FUNCTIONS, bytes.length);

        for (int i = 0; i < 5; i++) {
            sink = BreakpadSymbols.parse(bytes);
        }
        double[] parseMs = new double[ROUNDS];
        BreakpadSymbols table = null;
        for (int i = 0; i < ROUNDS; i++) {
            long t0 = System.nanoTime();
            table = BreakpadSymbols.parse(bytes);
            parseMs[i] = (System.nanoTime() - t0) / 1e6;
        }
        System.out.printf(
                "parse: median %.1f ms, estimated table size %,d bytes%n", median(parseMs), table.estimatedBytes());

        long before = usedHeapAfterGc();
        BreakpadSymbols[] held = new BreakpadSymbols[5];
        for (int i = 0; i < held.length; i++) {
            held[i] = BreakpadSymbols.parse(bytes);
        }
        long retained = (usedHeapAfterGc() - before) / held.length;
        sink = held;
        System.out.printf("retained heap per parsed table: %,d bytes (measured, GC deltas)%n", retained);

        long moduleSize = (long) FUNCTIONS * 0x100;
        long[] addresses = new long[1_000_000];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = 0x1000 + (long) (random.nextDouble() * moduleSize);
        }
        BreakpadSymbols t = table;
        double lookup = rate(addresses.length, () -> {
            int found = 0;
            for (long a : addresses) {
                found += t.lookup(a).size();
            }
            sink = found;
        });
        System.out.printf("lookup only: median %,.0f frames/s%n", lookup);

        DebugId gameId = t.module().debugId();
        long base = 0x5555_0000_0000L;
        List<DebugImage> images = List.of(
                new DebugImage(
                        "elf",
                        0x7f00_0000_0000L,
                        0x200000,
                        "11111111-2222-3333-4444-555555555555",
                        null,
                        "libc.so.6",
                        null,
                        0,
                        "x86_64"),
                new DebugImage("elf", base, moduleSize + 0x1000, gameId.value(), null, "libgame.so", null, 0, "x86_64"),
                new DebugImage(
                        "elf",
                        0x7f20_0000_0000L,
                        0x100000,
                        "22222222-2222-3333-4444-555555555555",
                        null,
                        "libm.so.6",
                        null,
                        0,
                        "x86_64"));
        List<List<NativeFrame>> events = new ArrayList<>();
        for (int e = 0; e < 2_000; e++) {
            List<NativeFrame> frames = new ArrayList<>();
            for (int f = 0; f < 50; f++) {
                frames.add(new NativeFrame(base + addresses[e * 50 + f], null, f == 49));
            }
            events.add(frames);
        }
        int eventFrames = events.size() * 50;
        double perEvent = rate(eventFrames, () -> {
            int n = 0;
            for (List<NativeFrame> frames : events) {
                n += FrameSymbolication.symbolicate(
                                images,
                                frames,
                                id -> id.equals(gameId) ? Optional.<NativeSymbols>of(t) : Optional.empty())
                        .frames()
                        .size();
            }
            sink = n;
        });
        System.out.printf("events of 50 frames, 3 images: median %,.0f frames/s%n", perEvent);
        System.out.printf(
                "java %s, %d cpus%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double rate(int frames, Runnable work) {
        for (int i = 0; i < 3; i++) {
            work.run();
        }
        double[] rates = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long t0 = System.nanoTime();
            work.run();
            rates[i] = frames / ((System.nanoTime() - t0) / 1e9);
        }
        return median(rates);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Functions 0x100 bytes apart, 8 line records each, every tenth with a two-level inline; 500 PUBLIC gaps. */
    static String generate(Random random) {
        StringBuilder out = new StringBuilder(FUNCTIONS * 200);
        out.append("MODULE Linux x86_64 DFB8E43AF2423D73A453AEB6A777EF750 libbench.so\n");
        out.append("INFO CODE_ID 3AE4B8DF42F2733DA453AEB6A777EF75\n");
        for (int f = 0; f < 200; f++) {
            out.append("FILE ").append(f).append(" src/module_").append(f).append("/file.cc\n");
        }
        for (int o = 0; o < 100; o++) {
            out.append("INLINE_ORIGIN ")
                    .append(o)
                    .append(" inline_helper_")
                    .append(o)
                    .append("(int)\n");
        }
        for (int i = 0; i < FUNCTIONS; i++) {
            long start = 0x1000 + (long) i * 0x100;
            if (i % 20 == 19) { // a stripped function: only a PUBLIC record
                out.append("PUBLIC ")
                        .append(Long.toHexString(start))
                        .append(" 0 stripped_")
                        .append(i)
                        .append('\n');
                continue;
            }
            out.append("FUNC ")
                    .append(Long.toHexString(start))
                    .append(" f0 0 namespace_")
                    .append(i % 50)
                    .append("::Class")
                    .append(i % 300)
                    .append("::method_")
                    .append(i)
                    .append("(int, char const*)\n");
            if (i % 10 == 0) {
                out.append("INLINE 0 ")
                        .append(10 + i % 90)
                        .append(' ')
                        .append(i % 200)
                        .append(' ')
                        .append(i % 100)
                        .append(' ')
                        .append(Long.toHexString(start + 0x20))
                        .append(" 40\n");
                out.append("INLINE 1 ")
                        .append(5)
                        .append(' ')
                        .append((i + 1) % 200)
                        .append(' ')
                        .append((i + 7) % 100)
                        .append(' ')
                        .append(Long.toHexString(start + 0x30))
                        .append(" 10\n");
            }
            for (int l = 0; l < LINES_PER_FUNCTION; l++) {
                out.append(Long.toHexString(start + l * 0x1e))
                        .append(" 1e ")
                        .append(10 + l + random.nextInt(5))
                        .append(' ')
                        .append(i % 200)
                        .append('\n');
            }
        }
        return out.toString();
    }
}
