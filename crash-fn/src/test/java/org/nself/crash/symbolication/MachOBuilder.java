package org.nself.crash.symbolication;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes a small 64-bit little-endian Mach-O dSYM byte by byte: __TEXT with one __text section, LC_UUID, LC_SYMTAB. */
final class MachOBuilder {
    static final long TEXT_VMADDR = 0x1_0000_0000L;
    static final long TEXT_SECTION = 0x1_0000_1000L;
    static final long TEXT_SECTION_SIZE = 0x200;

    private record Nlist(String name, int type, int sect, long value) {}

    private final UUID uuid;
    private final int cputype;
    private final List<Nlist> symbols = new ArrayList<>();

    MachOBuilder(UUID uuid, int cputype) {
        this.uuid = uuid;
        this.cputype = cputype;
    }

    static MachOBuilder arm64(UUID uuid) {
        return new MachOBuilder(uuid, 0x0100000c);
    }

    static MachOBuilder x86_64(UUID uuid) {
        return new MachOBuilder(uuid, 0x01000007);
    }

    MachOBuilder symbol(String name, int type, int sect, long value) {
        symbols.add(new Nlist(name, type, sect, value));
        return this;
    }

    /** The usual test content: two functions, a debugging (stab) entry and an undefined import. */
    MachOBuilder withSampleSymbols() {
        return symbol("_main", 0x0f, 1, TEXT_SECTION)
                .symbol("_helper", 0x0e, 1, TEXT_SECTION + 0x80)
                .symbol("_main", 0x24, 1, TEXT_SECTION + 0x10)
                .symbol("_printf", 0x01, 0, 0)
                .symbol("_data_in_other_section", 0x0e, 2, TEXT_SECTION + 0x100);
    }

    byte[] build() {
        int segmentSize = 72 + 80;
        int sizeofcmds = segmentSize + 24 + 24;
        int headerSize = 32;
        int symoff = headerSize + sizeofcmds;
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        strings.write(' ');
        strings.write(0);
        int[] strx = new int[symbols.size()];
        for (int i = 0; i < symbols.size(); i++) {
            strx[i] = strings.size();
            strings.writeBytes(symbols.get(i).name().getBytes(StandardCharsets.UTF_8));
            strings.write(0);
        }
        int stroff = symoff + symbols.size() * 16;
        ByteBuffer b = ByteBuffer.allocate(stroff + strings.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xfeedfacf)
                .putInt(cputype)
                .putInt(0)
                .putInt(0xa)
                .putInt(3)
                .putInt(sizeofcmds)
                .putInt(0)
                .putInt(0);
        // LC_SEGMENT_64 __TEXT with one section
        b.putInt(0x19).putInt(segmentSize).put(name16("__TEXT"));
        b.putLong(TEXT_VMADDR)
                .putLong(0x4000)
                .putLong(0)
                .putLong(0)
                .putInt(5)
                .putInt(5)
                .putInt(1)
                .putInt(0);
        b.put(name16("__text")).put(name16("__TEXT"));
        b.putLong(TEXT_SECTION)
                .putLong(TEXT_SECTION_SIZE)
                .putInt(0)
                .putInt(2)
                .putInt(0)
                .putInt(0);
        b.putInt(0x80000400).putInt(0).putInt(0).putInt(0);
        // LC_UUID
        b.putInt(0x1b).putInt(24);
        ByteBuffer u = ByteBuffer.allocate(16);
        u.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        b.put(u.array());
        // LC_SYMTAB
        b.putInt(0x2)
                .putInt(24)
                .putInt(symoff)
                .putInt(symbols.size())
                .putInt(stroff)
                .putInt(strings.size());
        for (int i = 0; i < symbols.size(); i++) {
            Nlist s = symbols.get(i);
            b.putInt(strx[i])
                    .put((byte) s.type())
                    .put((byte) s.sect())
                    .putShort((short) 0)
                    .putLong(s.value());
        }
        b.put(strings.toByteArray());
        return b.array();
    }

    /** A fat file holding the given thin slices. */
    static byte[] fat(byte[]... slices) {
        int offset = 8 + 20 * slices.length;
        int total = offset;
        for (byte[] s : slices) {
            total += s.length;
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.BIG_ENDIAN);
        b.putInt(0xcafebabe).putInt(slices.length);
        int at = offset;
        for (byte[] s : slices) {
            int cputype =
                    ByteBuffer.wrap(s, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            b.putInt(cputype).putInt(0).putInt(at).putInt(s.length).putInt(0);
            at += s.length;
        }
        for (byte[] s : slices) {
            b.put(s);
        }
        return b.array();
    }

    /** A zipped {@code MyApp.app.dSYM} bundle around {@code dwarf}. */
    static byte[] dsymZip(byte[] dwarf) {
        return zip(
                new String[] {"MyApp.app.dSYM/Contents/Info.plist", "MyApp.app.dSYM/Contents/Resources/DWARF/MyApp"},
                new byte[][] {"<plist version=\"1.0\"><dict/></plist>".getBytes(StandardCharsets.UTF_8), dwarf});
    }

    static byte[] zip(String[] names, byte[][] contents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < names.length; i++) {
                zip.putNextEntry(new ZipEntry(names[i]));
                zip.write(contents[i]);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static byte[] name16(String name) {
        byte[] out = new byte[16];
        byte[] raw = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(raw, 0, out, 0, raw.length);
        return out;
    }
}
