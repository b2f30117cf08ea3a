package org.nself.crash.minidump;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes small minidumps by the format's layout (MDRawHeader, directory, SystemInfo, ModuleList with
 * {@code BpEL} CodeView records, ThreadList, Exception): hand-checked fixtures for what the real
 * Breakpad client cannot produce here (an arm64 dump), and seeds for the hostile-input properties.
 */
final class MinidumpBuilder {
    record Module(long base, int size, String name, byte[] buildId) {}

    private final int cpu;
    private final List<Module> modules = new ArrayList<>();
    private long stackStart;
    private byte[] stack = new byte[0];
    private Map<Integer, Long> registers = Map.of();

    MinidumpBuilder(int cpu) {
        this.cpu = cpu;
    }

    static MinidumpBuilder arm64() {
        return new MinidumpBuilder(12);
    }

    static MinidumpBuilder amd64() {
        return new MinidumpBuilder(9);
    }

    MinidumpBuilder module(long base, int size, String name, byte[] buildId) {
        modules.add(new Module(base, size, name, buildId));
        return this;
    }

    MinidumpBuilder stack(long start, byte[] bytes) {
        this.stackStart = start;
        this.stack = bytes;
        return this;
    }

    /** Context registers by index: arm64 iregs (x0..x28, 29 fp, 30 lr, 31 sp, 32 pc); amd64 from rax. */
    MinidumpBuilder registers(Map<Integer, Long> registers) {
        this.registers = registers;
        return this;
    }

    byte[] build() {
        Out out = new Out();
        int streams = 4;
        out.u32(0x504d444d).u32(0xa793).u32(streams).u32(32).u32(0).u32(0).u64(0);
        int dirAt = out.size();
        out.zeros(12 * streams);

        int sysAt = out.size();
        out.u16(cpu).u16(0).u16(0).u8(2).u8(0).u32(6).u32(1).u32(0).u32(0x8201);
        int csdPatch = out.size();
        out.u32(0).u16(0).u16(0).zeros(24);
        int sysSize = out.size() - sysAt;
        int csdAt = out.string("Linux 6.1.0 test");
        out.patch(csdPatch, csdAt);

        int contextAt = out.size();
        if (cpu == 12) {
            out.u32(0x00400003).u32(0);
            for (int i = 0; i < 33; i++) {
                out.u64(registers.getOrDefault(i, 0L));
            }
            out.zeros(912 - 8 - 33 * 8);
        } else {
            out.zeros(48).u32(0x0010000b).zeros(120 - 52); // registers from rax at 120
            for (int i = 0; i < 17; i++) {
                out.u64(registers.getOrDefault(i, 0L));
            }
            out.zeros(1232 - 256);
        }
        int contextSize = out.size() - contextAt;
        int stackAt = out.size();
        out.bytes(stack);

        List<int[]> names = new ArrayList<>();
        for (Module m : modules) {
            int nameAt = out.string(m.name());
            int cvAt = out.size();
            out.u32(0x4270454c).bytes(m.buildId());
            names.add(new int[] {nameAt, cvAt, out.size() - cvAt});
        }
        int moduleAt = out.size();
        out.u32(modules.size());
        for (int i = 0; i < modules.size(); i++) {
            Module m = modules.get(i);
            out.u64(m.base()).u32(m.size()).u32(0).u32(0).u32(names.get(i)[0]).zeros(52);
            out.u32(names.get(i)[2]).u32(names.get(i)[1]).zeros(8).zeros(16);
        }
        int moduleSize = out.size() - moduleAt;

        int threadAt = out.size();
        out.u32(1).u32(7).zeros(12).u64(0).u64(stackStart).u32(stack.length).u32(stackAt);
        out.u32(contextSize).u32(contextAt);
        int threadSize = out.size() - threadAt;

        int exceptionAt = out.size();
        out.u32(7).u32(0).u32(11).u32(0).u64(0).u64(0).u32(0).u32(0).zeros(120);
        out.u32(contextSize).u32(contextAt);
        int exceptionSize = out.size() - exceptionAt;

        int[][] dir = {
            {7, sysSize, sysAt}, {4, moduleSize, moduleAt}, {3, threadSize, threadAt}, {6, exceptionSize, exceptionAt}
        };
        for (int i = 0; i < dir.length; i++) {
            out.patch(dirAt + 12 * i, dir[i][0]);
            out.patch(dirAt + 12 * i + 4, dir[i][1]);
            out.patch(dirAt + 12 * i + 8, dir[i][2]);
        }
        return out.toByteArray();
    }

    /** Little-endian words in an 8-byte-aligned stack image. */
    static byte[] words(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    private static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final List<int[]> patches = new ArrayList<>();

        int size() {
            return bytes.size();
        }

        Out u8(int v) {
            bytes.write(v);
            return this;
        }

        Out u16(int v) {
            return u8(v & 0xff).u8((v >>> 8) & 0xff);
        }

        Out u32(long v) {
            return u16((int) (v & 0xffff)).u16((int) ((v >>> 16) & 0xffff));
        }

        Out u64(long v) {
            return u32(v & 0xffffffffL).u32(v >>> 32);
        }

        Out zeros(int n) {
            for (int i = 0; i < n; i++) {
                bytes.write(0);
            }
            return this;
        }

        Out bytes(byte[] b) {
            bytes.writeBytes(b);
            return this;
        }

        int string(String s) {
            int at = size();
            byte[] utf16 = s.getBytes(StandardCharsets.UTF_16LE);
            u32(utf16.length).bytes(utf16).u16(0);
            return at;
        }

        void patch(int at, long value) {
            patches.add(new int[] {at, (int) value});
        }

        byte[] toByteArray() {
            byte[] out = bytes.toByteArray();
            for (int[] p : patches) {
                ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(p[0], p[1]);
            }
            return out;
        }
    }
}
