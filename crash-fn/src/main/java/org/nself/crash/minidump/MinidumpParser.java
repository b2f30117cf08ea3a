package org.nself.crash.minidump;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nself.crash.symbolication.DebugId;

/**
 * Reads a minidump (the format Breakpad, Crashpad and Windows write): the header and stream directory,
 * then SystemInfo, ModuleList, ThreadList, Exception, MemoryList and Memory64List. Every count and
 * offset is checked against the dump and against the bounds below; anything else is a
 * {@link MinidumpException}, whatever the bytes.
 */
public final class MinidumpParser {
    static final int MAX_STREAMS = 4096;
    static final int MAX_MODULES = 4096;
    static final int MAX_THREADS = 4096;
    static final int MAX_MEMORY_RANGES = 65_536;
    static final int MAX_NAME_CHARS = 32_768;

    private static final long SIGNATURE = 0x504d444dL; // "MDMP"
    private static final int THREAD_LIST = 3;
    private static final int MODULE_LIST = 4;
    private static final int MEMORY_LIST = 5;
    private static final int EXCEPTION = 6;
    private static final int SYSTEM_INFO = 7;
    private static final int MEMORY64_LIST = 9;
    private static final long CV_PDB70 = 0x53445352L; // "RSDS"
    private static final long CV_ELF = 0x4270454cL; // "BpEL"
    private static final int MODULE_SIZE = 108;
    private static final int THREAD_SIZE = 48;
    private static final int AMD64_CONTEXT_SIZE = 256; // through rip: the registers a walk needs
    private static final int ARM64_CONTEXT_SIZE = 272; // through pc
    private static final String[] AMD64_ORDER = {
        "$rax", "$rcx", "$rdx", "$rbx", "$rsp", "$rbp", "$rsi", "$rdi", "$r8", "$r9", "$r10", "$r11", "$r12", "$r13",
        "$r14", "$r15", "$rip"
    };

    private final DumpBytes in;
    private final Map<Integer, long[]> streams = new HashMap<>();
    private Arch arch;

    private MinidumpParser(byte[] dump) {
        this.in = new DumpBytes(dump);
    }

    public static Minidump parse(byte[] dump) {
        return new MinidumpParser(dump).read();
    }

    /** Whether the bytes start like a minidump (its magic), for a caller choosing a reader. */
    public static boolean looksLikeMinidump(byte[] content) {
        return content.length >= 4 && new DumpBytes(content).u32(0) == SIGNATURE;
    }

    private Minidump read() {
        if (in.length() < 32 || in.u32(0) != SIGNATURE) {
            throw new MinidumpException("not a minidump: no MDMP signature");
        }
        if ((in.u32(4) & 0xffff) != 0xa793) {
            throw new MinidumpException("unsupported minidump version");
        }
        int count = in.index(8);
        int directory = in.index(12);
        if (count > MAX_STREAMS) {
            throw new MinidumpException("minidump names " + count + " streams, more than " + MAX_STREAMS);
        }
        in.check(directory, 12L * count);
        for (int i = 0; i < count; i++) {
            long e = directory + 12L * i;
            int type = (int) in.u32(e);
            long size = in.u32(e + 4);
            long rva = in.u32(e + 8);
            in.check(rva, size);
            streams.putIfAbsent(type, new long[] {rva, size});
        }
        Minidump.SystemInfo system = systemInfo();
        arch = system.arch();
        List<Minidump.Module> modules = modules();
        List<Minidump.DumpThread> threads = threads();
        Minidump.ExceptionInfo exception = exception();
        return new Minidump(system, modules, threads, exception, memory());
    }

    private Minidump.SystemInfo systemInfo() {
        long[] s = streams.get(SYSTEM_INFO);
        if (s == null) {
            throw new MinidumpException("minidump has no SystemInfo stream");
        }
        requireSize(s, 32, "SystemInfo");
        long o = s[0];
        int cpu = in.u16(o);
        Arch a =
                switch (cpu) {
                    case 9 -> Arch.AMD64;
                    case 12, 0x8003 -> Arch.ARM64;
                    default -> null;
                };
        int processors = in.data()[(int) o + 6] & 0xff;
        String os =
                switch ((int) in.u32(o + 20)) {
                    case 2 -> "Windows";
                    case 0x8101 -> "macOS";
                    case 0x8102 -> "iOS";
                    case 0x8201 -> "Linux";
                    case 0x8203 -> "Android";
                    default -> "unknown";
                };
        String version = in.u32(o + 8) + "." + in.u32(o + 12) + "." + in.u32(o + 16);
        long csd = in.u32(o + 24);
        if (csd != 0) {
            String detail = in.utf16(csd, MAX_NAME_CHARS).strip();
            if (!detail.isEmpty()) {
                version = version + " " + detail;
            }
        }
        return new Minidump.SystemInfo(a, cpu, os, version, processors);
    }

    private List<Minidump.Module> modules() {
        long[] s = streams.get(MODULE_LIST);
        if (s == null) {
            return List.of();
        }
        int count = listCount(s, MODULE_SIZE, MAX_MODULES, "ModuleList");
        List<Minidump.Module> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long m = s[0] + 4 + (long) MODULE_SIZE * i;
            long base = in.u64(m);
            long size = in.u32(m + 8);
            long timestamp = in.u32(m + 16);
            String name = in.utf16(in.u32(m + 20), MAX_NAME_CHARS);
            long cvSize = in.u32(m + 76);
            long cvRva = in.u32(m + 80);
            in.check(cvRva, cvSize);
            DebugId debugId = null;
            String codeId = null;
            String debugFile = null;
            if (cvSize >= 4 && in.u32(cvRva) == CV_PDB70 && cvSize >= 24) {
                byte[] guid = guidBytes(in.bytes(cvRva + 4, 16));
                debugId = DebugId.fromUuidBytes(guid, in.u32(cvRva + 20));
                debugFile = pdbName(cvRva + 24, cvSize - 24);
                codeId = String.format(Locale.ROOT, "%08X%x", timestamp, size);
            } else if (cvSize > 4 && in.u32(cvRva) == CV_ELF) {
                byte[] buildId = in.bytes(cvRva + 4, Math.min(cvSize - 4, 256));
                debugId = DebugId.fromElfIdentifier(buildId, true);
                codeId = HexFormat.of().formatHex(buildId);
                debugFile = name;
            }
            out.add(new Minidump.Module(base, size, name, debugId, codeId, debugFile));
        }
        return List.copyOf(out);
    }

    /** A GUID as stored (data1, data2, data3 little-endian) to its big-endian UUID bytes. */
    private static byte[] guidBytes(byte[] raw) {
        byte[] uuid = raw.clone();
        reverse(uuid, 0, 4);
        reverse(uuid, 4, 6);
        reverse(uuid, 6, 8);
        return uuid;
    }

    private static void reverse(byte[] b, int from, int to) {
        for (int i = from, j = to - 1; i < j; i++, j--) {
            byte t = b[i];
            b[i] = b[j];
            b[j] = t;
        }
    }

    private String pdbName(long offset, long max) {
        byte[] raw = in.bytes(offset, Math.min(max, MAX_NAME_CHARS));
        int n = 0;
        while (n < raw.length && raw[n] != 0) {
            n++;
        }
        return new String(raw, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    private List<Minidump.DumpThread> threads() {
        long[] s = streams.get(THREAD_LIST);
        if (s == null) {
            return List.of();
        }
        int count = listCount(s, THREAD_SIZE, MAX_THREADS, "ThreadList");
        List<Minidump.DumpThread> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long t = s[0] + 4 + (long) THREAD_SIZE * i;
            StackMemory stack = range(in.u64(t + 24), in.u32(t + 32), in.u32(t + 36));
            out.add(new Minidump.DumpThread(in.u32(t), context(in.u32(t + 40), in.u32(t + 44)), stack));
        }
        return List.copyOf(out);
    }

    private Minidump.ExceptionInfo exception() {
        long[] s = streams.get(EXCEPTION);
        if (s == null) {
            return null;
        }
        requireSize(s, 168, "Exception");
        long o = s[0];
        Registers context = context(in.u32(o + 160), in.u32(o + 164));
        return new Minidump.ExceptionInfo(in.u32(o), in.u32(o + 8), in.u32(o + 12), in.u64(o + 24), context);
    }

    private Minidump.Memory memory() {
        List<StackMemory> ranges = new ArrayList<>();
        long[] s = streams.get(MEMORY_LIST);
        if (s != null) {
            int count = listCount(s, 16, MAX_MEMORY_RANGES, "MemoryList");
            for (int i = 0; i < count; i++) {
                long d = s[0] + 4 + 16L * i;
                ranges.add(range(in.u64(d), in.u32(d + 8), in.u32(d + 12)));
            }
        }
        long[] s64 = streams.get(MEMORY64_LIST);
        if (s64 != null) {
            requireSize(s64, 16, "Memory64List");
            long count = in.u64(s64[0]);
            if (count < 0 || count > MAX_MEMORY_RANGES || 16 + 16 * count > s64[1]) {
                throw new MinidumpException("Memory64List has an invalid count " + Long.toUnsignedString(count));
            }
            long rva = in.u64(s64[0] + 8);
            for (int i = 0; i < count; i++) {
                long d = s64[0] + 16 + 16L * i;
                long size = in.u64(d + 8);
                if (rva < 0 || size < 0 || size > in.length()) {
                    throw new MinidumpException("Memory64List range " + i + " is past the dump");
                }
                ranges.add(range(in.u64(d), size, rva));
                rva += size;
            }
        }
        return new Minidump.Memory(List.copyOf(ranges));
    }

    private StackMemory range(long start, long size, long rva) {
        in.check(rva, size);
        return new StackMemory(start, in.data(), (int) rva, (int) size);
    }

    /** The registers of a thread context: AMD64 or ARM64 (Breakpad's new and old layouts agree here). */
    private Registers context(long size, long rva) {
        in.check(rva, size);
        if (arch == null || size == 0) {
            return null;
        }
        Map<String, Long> values = new LinkedHashMap<>();
        if (arch == Arch.AMD64) {
            if (size < AMD64_CONTEXT_SIZE) {
                throw new MinidumpException("AMD64 context of " + size + " bytes is too short");
            }
            for (int i = 0; i < AMD64_ORDER.length; i++) {
                values.put(AMD64_ORDER[i], in.u64(rva + 120 + 8L * i));
            }
        } else {
            if (size < ARM64_CONTEXT_SIZE) {
                throw new MinidumpException("ARM64 context of " + size + " bytes is too short");
            }
            List<String> names = Arch.ARM64.registers();
            for (int i = 0; i < names.size(); i++) {
                values.put(names.get(i), in.u64(rva + 8 + 8L * i));
            }
        }
        return Registers.all(arch, values);
    }

    private int listCount(long[] stream, int entrySize, int max, String name) {
        requireSize(stream, 4, name);
        long count = in.u32(stream[0]);
        if (count > max || 4 + count * entrySize > stream[1]) {
            throw new MinidumpException(name + " has an invalid count " + count);
        }
        return (int) count;
    }

    private static void requireSize(long[] stream, long size, String name) {
        if (stream[1] < size) {
            throw new MinidumpException(name + " stream is " + stream[1] + " bytes, shorter than " + size);
        }
    }
}
