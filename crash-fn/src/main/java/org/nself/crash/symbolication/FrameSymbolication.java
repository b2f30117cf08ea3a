package org.nself.crash.symbolication;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.nself.crash.event.DebugImage;

/**
 * Maps native frames to their images and looks them up: the pure core of the symbolicator.
 *
 * <p>A frame belongs to the image whose {@code [image_addr, image_addr + image_size)} holds its address
 * (an image of size 0 extends to the next image). The lookup key is the module offset {@code
 * instruction_addr − image_addr}, minus one for every frame but the crashing one; each symbol table
 * adds its own file base (0 for Breakpad, the first load segment for ELF, {@code __TEXT} for Mach-O).
 */
final class FrameSymbolication {
    private static final Set<String> NATIVE_TYPES = Set.of("elf", "macho", "pe", "symbolic", "breakpad", "wasm");

    private FrameSymbolication() {}

    /** The distinct valid debug ids of the native images: what a caller must load tables for. */
    public static Set<DebugId> debugIds(List<DebugImage> images) {
        Set<DebugId> ids = new TreeSet<>(Comparator.comparing(DebugId::value));
        for (DebugImage image : images) {
            debugId(image).ifPresent(ids::add);
        }
        return ids;
    }

    /**
     * Symbolicates {@code frames}; {@code tables} answers the table for a debug id, or empty when the
     * account has no symbol file for it.
     */
    public static NativeSymbolication symbolicate(
            List<DebugImage> images, List<NativeFrame> frames, Function<DebugId, Optional<NativeSymbols>> tables) {
        Integer[] order = new Integer[images.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(i -> images.get(i).imageAddr()));
        long[] starts = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            starts[i] = images.get(order[i]).imageAddr();
        }
        DebugId[] ids = new DebugId[images.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = debugId(images.get(i)).orElse(null); // parsed once per image, not per frame
        }
        Map<DebugId, Optional<NativeSymbols>> loaded = new java.util.HashMap<>();
        Set<String> missing = new TreeSet<>();
        List<SymbolicatedFrame> out = new ArrayList<>(frames.size());
        for (int f = 0; f < frames.size(); f++) {
            NativeFrame frame = frames.get(f);
            int imageIndex;
            long offset;
            String mode =
                    frame.addrMode() == null ? "abs" : frame.addrMode().strip().toLowerCase(Locale.ROOT);
            if (mode.equals("abs")) {
                imageIndex = containing(images, order, starts, frame.instructionAddr());
                offset = imageIndex < 0
                        ? 0
                        : frame.instructionAddr() - images.get(imageIndex).imageAddr();
            } else if (mode.matches("rel:\\d{1,6}")) {
                imageIndex = Integer.parseInt(mode.substring(4));
                if (imageIndex >= images.size()) {
                    out.add(new SymbolicatedFrame(f, FrameStatus.MALFORMED, -1, null, null, null, List.of()));
                    continue;
                }
                offset = frame.instructionAddr();
            } else {
                out.add(new SymbolicatedFrame(f, FrameStatus.MALFORMED, -1, null, null, null, List.of()));
                continue;
            }
            if (imageIndex < 0) {
                out.add(new SymbolicatedFrame(f, FrameStatus.UNKNOWN_IMAGE, -1, null, null, null, List.of()));
                continue;
            }
            DebugImage image = images.get(imageIndex);
            Long relative = offset + image.imageVmaddr();
            Optional<DebugId> id = Optional.ofNullable(ids[imageIndex]);
            if (id.isEmpty()) {
                out.add(new SymbolicatedFrame(
                        f,
                        FrameStatus.MALFORMED,
                        imageIndex,
                        image.debugId(),
                        image.debugFileOrCodeFile(),
                        relative,
                        List.of()));
                continue;
            }
            Optional<NativeSymbols> table = loaded.computeIfAbsent(id.get(), tables);
            if (table.isEmpty()) {
                missing.add(id.get().value());
                out.add(new SymbolicatedFrame(
                        f,
                        FrameStatus.MISSING,
                        imageIndex,
                        id.get().value(),
                        image.debugFileOrCodeFile(),
                        relative,
                        List.of()));
                continue;
            }
            long key = frame.crashing() || offset == 0 ? offset : offset - 1;
            List<SourceFrame> found = table.get().lookup(key);
            out.add(new SymbolicatedFrame(
                    f,
                    found.isEmpty() ? FrameStatus.MISSING_SYMBOL : FrameStatus.SYMBOLICATED,
                    imageIndex,
                    id.get().value(),
                    image.debugFileOrCodeFile(),
                    relative,
                    found));
        }
        return new NativeSymbolication(List.copyOf(out), List.copyOf(missing));
    }

    private static int containing(List<DebugImage> images, Integer[] order, long[] starts, long address) {
        int i = CoveringIndex.upperBound(starts, address) - 1;
        if (i < 0) {
            return -1;
        }
        DebugImage image = images.get(order[i]);
        long end;
        if (image.imageSize() > 0) {
            end = image.imageAddr() + image.imageSize();
        } else {
            end = i + 1 < starts.length ? starts[i + 1] : Long.MAX_VALUE;
        }
        return Long.compareUnsigned(address, end) < 0 ? order[i] : -1;
    }

    private static boolean isNative(DebugImage image) {
        return image.type() == null || NATIVE_TYPES.contains(image.type().toLowerCase(Locale.ROOT));
    }

    /**
     * The image's debug id; when it has none, the one Sentry derives from its code id: an ELF build-id
     * (taken as little-endian, as every platform Sentry SDKs run on is) or a Mach-O UUID.
     */
    static Optional<DebugId> debugId(DebugImage image) {
        if (!isNative(image)) {
            return Optional.empty();
        }
        try {
            if (image.debugId() != null && !image.debugId().isBlank()) {
                return Optional.of(DebugId.parse(image.debugId()));
            }
            String codeId = image.codeId() == null ? "" : image.codeId().strip().toLowerCase(Locale.ROOT);
            if ("elf".equalsIgnoreCase(image.type()) && codeId.matches("([0-9a-f]{2}){4,64}")) {
                return Optional.of(DebugId.fromElfIdentifier(HexFormat.of().parseHex(codeId), true));
            }
            if ("macho".equalsIgnoreCase(image.type()) && !codeId.isEmpty()) {
                return Optional.of(DebugId.parse(codeId));
            }
        } catch (IllegalArgumentException e) {
            // neither id is usable: the frames of this image are malformed
        }
        return Optional.empty();
    }
}
