package org.nself.crash.symbolication;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * A zipped {@code .dSYM} bundle. Every entry is checked before anything is used: no absolute path, no
 * {@code ..} segment, no drive letter or backslash, no duplicate name, no nested archive; decompressed
 * bytes are counted as they stream (never trusting the sizes the headers claim) against the per-entry,
 * total and ratio limits. The Mach-O files under {@code Contents/Resources/DWARF/} are parsed.
 */
final class DsymArchive {
    private static final int CHUNK = 16 * 1024;
    private static final Set<String> ARCHIVE_SUFFIXES =
            Set.of(".zip", ".jar", ".apk", ".aar", ".ipa", ".tar", ".tgz", ".gz", ".bz2", ".xz", ".7z", ".rar", ".zst");

    /** One Mach-O found in the bundle. */
    public record Entry(String path, byte[] content) {}

    private DsymArchive() {}

    public static boolean looksLikeZip(byte[] content) {
        return content.length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4;
    }

    /** The Mach-O entries of the bundle, every entry checked against {@code limits}. */
    public static List<Entry> read(byte[] zip, ArchiveLimits limits) {
        List<Entry> machO = new ArrayList<>();
        Set<String> names = new HashSet<>();
        long total = 0;
        long kept = 0;
        int entries = 0;
        CountingInput counted = new CountingInput(zip);
        try (ZipInputStream in = new ZipInputStream(counted)) {
            ZipEntry entry;
            byte[] buffer = new byte[CHUNK];
            while ((entry = in.getNextEntry()) != null) {
                entries++;
                if (entries > limits.maxEntries()) {
                    throw new ArchiveRejected.TooLarge("archive has more than " + limits.maxEntries() + " entries");
                }
                String name = entry.getName();
                checkPath(name);
                if (!names.add(name)) {
                    throw new ArchiveRejected("archive has two entries named '" + shorten(name) + "'");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                if (isArchiveName(name)) {
                    throw new ArchiveRejected("nested archive '" + shorten(name) + "' is not accepted");
                }
                long consumedAtStart = counted.consumed();
                // only the DWARF Mach-O files are kept in memory; of the rest, the first bytes (nested archive check)
                boolean keep = isDwarfPath(name);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                long size = 0;
                int n;
                while ((n = in.read(buffer)) > 0) {
                    size += n;
                    total += n;
                    if (size > limits.maxEntryBytes()) {
                        throw new ArchiveRejected.TooLarge("entry '" + shorten(name) + "' exceeds "
                                + limits.maxEntryBytes() + " bytes decompressed");
                    }
                    if (total > limits.maxTotalBytes()) {
                        throw new ArchiveRejected.TooLarge(
                                "archive exceeds " + limits.maxTotalBytes() + " bytes decompressed");
                    }
                    // compressed bytes read so far for this entry (headers may not tell: data descriptors)
                    long compressed = Math.max(counted.consumed() - consumedAtStart, 1);
                    if (size > 64 * 1024 && size > (long) limits.maxRatio() * compressed) {
                        throw new ArchiveRejected.TooLarge("entry '" + shorten(name) + "' decompresses more than "
                                + limits.maxRatio() + " times its size: refused as a zip bomb");
                    }
                    if (keep) {
                        kept += n;
                        if (kept > limits.maxKeptBytes()) {
                            throw new ArchiveRejected.TooLarge("the DWARF files of the archive exceed "
                                    + limits.maxKeptBytes() + " bytes decompressed");
                        }
                        out.write(buffer, 0, n);
                    } else if (out.size() < 4) {
                        out.write(buffer, 0, Math.min(n, 4 - out.size()));
                    }
                }
                byte[] content = out.toByteArray();
                if (isArchiveContent(content)) {
                    throw new ArchiveRejected("nested archive '" + shorten(name) + "' is not accepted");
                }
                if (keep && MachOFile.looksLikeMachO(content)) {
                    machO.add(new Entry(name, content));
                }
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new ArchiveRejected("not a valid zip archive");
        } catch (IllegalArgumentException e) {
            // the JDK's reader throws it for an entry name that is not valid UTF-8
            throw new ArchiveRejected("the zip archive has an unreadable entry name");
        } catch (IOException e) {
            throw new ArchiveRejected("the zip archive could not be read");
        }
        if (entries == 0) {
            throw new ArchiveRejected("the zip archive is empty");
        }
        return List.copyOf(machO);
    }

    static void checkPath(String name) {
        if (name.isEmpty()
                || name.startsWith("/")
                || name.contains("\\")
                || name.indexOf('\0') >= 0
                || (name.length() > 1 && name.charAt(1) == ':')) {
            throw new ArchiveRejected("entry path '" + shorten(name) + "' is absolute or not portable");
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                throw new ArchiveRejected("entry path '" + shorten(name) + "' escapes the archive");
            }
        }
    }

    private static boolean isDwarfPath(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains(".dsym/contents/resources/dwarf/") && !lower.endsWith("/");
    }

    private static boolean isArchiveName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return ARCHIVE_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    private static boolean isArchiveContent(byte[] c) {
        return looksLikeZip(c) || (c.length > 2 && (c[0] & 0xff) == 0x1f && (c[1] & 0xff) == 0x8b);
    }

    /** Counts the bytes the zip reader has taken from the archive. */
    private static final class CountingInput extends ByteArrayInputStream {
        CountingInput(byte[] data) {
            super(data);
        }

        long consumed() {
            return pos;
        }
    }

    private static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
