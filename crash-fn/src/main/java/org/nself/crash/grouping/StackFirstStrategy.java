package org.nself.crash.grouping;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.nself.crash.event.CrashEvent;
import org.nself.crash.event.DebugImage;
import org.nself.crash.event.ExceptionValue;
import org.nself.crash.event.Frame;
import org.nself.crash.event.Names;

/**
 * Version 1 (SPEC.md §3): custom fingerprint ({{ default }} expanded) → stack trace → exception type
 * and value → message. Stacks contribute in-app frames (all when none is in-app), nearest the crash,
 * at most {@link #MAX_FRAMES}, recursion collapsed; never line numbers or absolute addresses (a frame
 * without a function name contributes its image and its offset from its symbol's address).
 */
final class StackFirstStrategy implements GroupingStrategy {
    static final int VERSION = 1;
    static final int MAX_FRAMES = 16;
    private static final Pattern DEFAULT_PLACEHOLDER = Pattern.compile("\\{\\{\\s*default\\s*}}");
    private static final Pattern HEX_NUMBER = Pattern.compile("0x[0-9a-fA-F]+");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    @Override
    public int version() {
        return VERSION;
    }

    @Override
    public Grouping group(CrashEvent event) {
        Grouping byDefault = defaultGrouping(event);
        if (event.attributes().fingerprint().isEmpty()) {
            return byDefault;
        }
        List<String> components = new ArrayList<>();
        for (String part : event.attributes().fingerprint()) {
            components.add(
                    DEFAULT_PLACEHOLDER.matcher(part).matches()
                            ? "default:" + byDefault.fingerprint()
                            : "custom:" + part);
        }
        return new Grouping(
                hash(components), VERSION, GroupedBy.FINGERPRINT, components, byDefault.title(), byDefault.culprit());
    }

    private Grouping defaultGrouping(CrashEvent event) {
        ExceptionValue main = event.mainException();
        String title = title(event, main);
        List<String> components = new ArrayList<>();
        String culprit = null;
        for (ExceptionValue exception : event.exceptions()) {
            List<String> frames = stackComponents(exception.frames(), event.images());
            if (!frames.isEmpty()) {
                components.add("type:" + nullToEmpty(exception.type()));
                components.addAll(frames);
                culprit = culprit(exception.frames());
            }
        }
        if (!components.isEmpty()) {
            return new Grouping(hash(components), VERSION, GroupedBy.STACKTRACE, components, title, culprit);
        }
        List<String> threadFrames = stackComponents(event.threadFrames(), event.images());
        if (!threadFrames.isEmpty()) {
            components.add("type:" + (main == null ? "" : nullToEmpty(main.type())));
            components.addAll(threadFrames);
            return new Grouping(
                    hash(components), VERSION, GroupedBy.STACKTRACE, components, title, culprit(event.threadFrames()));
        }
        if (main != null) {
            components.add("type:" + nullToEmpty(main.type()));
            components.add("value:" + normalizeText(main.value()));
            return new Grouping(hash(components), VERSION, GroupedBy.EXCEPTION, components, title, null);
        }
        if (event.message() != null && !event.message().isBlank()) {
            components.add("message:" + normalizeText(event.message()));
            return new Grouping(hash(components), VERSION, GroupedBy.MESSAGE, components, title, null);
        }
        components.add("fallback:" + event.attributes().platform());
        return new Grouping(hash(components), VERSION, GroupedBy.FALLBACK, components, title, null);
    }

    static List<String> stackComponents(List<Frame> frames, List<DebugImage> images) {
        boolean anyInApp = frames.stream().anyMatch(f -> Boolean.TRUE.equals(f.inApp()));
        List<String> out = new ArrayList<>();
        for (Frame frame : frames) {
            if (anyInApp && !Boolean.TRUE.equals(frame.inApp())) {
                continue;
            }
            String component = frameComponent(frame, images);
            if (component == null) {
                continue;
            }
            if (!out.isEmpty() && out.get(out.size() - 1).equals(component)) {
                continue; // recursion collapses to one frame
            }
            out.add(component);
        }
        return out.size() > MAX_FRAMES ? List.copyOf(out.subList(out.size() - MAX_FRAMES, out.size())) : out;
    }

    static String frameComponent(Frame frame, List<DebugImage> images) {
        String module = FunctionNames.normalizeModule(frame.module());
        if (module == null
                && frame.packageName() != null
                && !frame.packageName().isBlank()) {
            module = Names.basename(frame.packageName().strip());
        }
        String function = FunctionNames.normalize(frame.function() != null ? frame.function() : frame.rawFunction());
        if (function != null) {
            String where = module != null ? module : frame.filename() != null ? Names.basename(frame.filename()) : "";
            return "frame:" + where + "|" + function;
        }
        String image = module;
        if (image == null && frame.instructionAddr() != null) {
            image = images.stream()
                    .filter(i -> i.contains(frame.instructionAddr()))
                    .map(DebugImage::name)
                    .findFirst()
                    .orElse(null);
        }
        if (frame.symbolAddr() != null && frame.instructionAddr() != null) {
            long offset = frame.instructionAddr() - frame.symbolAddr();
            return "native:" + nullToEmpty(image) + "+0x" + Long.toHexString(offset);
        }
        return image == null ? null : "native:" + image;
    }

    private static String culprit(List<Frame> frames) {
        boolean anyInApp = frames.stream().anyMatch(f -> Boolean.TRUE.equals(f.inApp()));
        for (int i = frames.size() - 1; i >= 0; i--) {
            Frame frame = frames.get(i);
            if (anyInApp && !Boolean.TRUE.equals(frame.inApp())) {
                continue;
            }
            String function = frame.function() != null ? frame.function() : frame.rawFunction();
            String where = frame.module() != null
                    ? frame.module()
                    : frame.packageName() != null ? Names.basename(frame.packageName()) : frame.filename();
            if (function != null || where != null) {
                String culprit = where == null ? function : function == null ? where : where + " in " + function;
                return truncate(culprit, 500);
            }
        }
        return null;
    }

    private static String title(CrashEvent event, ExceptionValue main) {
        if (main != null) {
            String type = nullToEmpty(main.type());
            String value = main.value() == null ? "" : main.value();
            return truncate(type.isEmpty() ? value : value.isEmpty() ? type : type + ": " + value, 500);
        }
        if (event.message() != null && !event.message().isBlank()) {
            return truncate(event.message().strip(), 500);
        }
        return "<unlabeled event>";
    }

    /** Addresses and numbers vary between occurrences of the same error; they do not split groups. */
    static String normalizeText(String text) {
        if (text == null) {
            return "";
        }
        String t = HEX_NUMBER.matcher(text.strip()).replaceAll("<hex>");
        return NUMBER.matcher(t).replaceAll("<n>");
    }

    static String hash(List<String> components) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String component : components) {
                digest.update(component.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
