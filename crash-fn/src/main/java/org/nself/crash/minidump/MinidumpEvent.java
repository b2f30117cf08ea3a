package org.nself.crash.minidump;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.nself.crash.event.CrashEventParser;

/**
 * A walked minidump as the Sentry event the crash pipeline already handles: the crashed thread's stack
 * as the exception's {@code stacktrace} (oldest frame first, each with its {@code instruction_addr} and
 * {@code trust}), the other threads in {@code threads}, the modules in {@code debug_meta.images}, the
 * system in {@code contexts}. The client's own fields (release, environment, user, tags… from the
 * upload's {@code sentry} fields) are kept; what the dump says wins for the rest.
 */
public final class MinidumpEvent {
    /** Frames kept per thread that did not crash (the crashed one keeps as many as an event may hold). */
    static final int OTHER_THREAD_FRAMES = 128;

    private static final Map<Long, String> SIGNALS = Map.of(
            4L, "SIGILL", 5L, "SIGTRAP", 6L, "SIGABRT", 7L, "SIGBUS", 8L, "SIGFPE", 11L, "SIGSEGV", 13L, "SIGPIPE");

    private MinidumpEvent() {}

    /** The stack of one thread, innermost frame first, as the walker gave it. */
    public record ThreadStack(long threadId, List<WalkedFrame> frames) {}

    public static Map<String, Object> of(Minidump dump, List<ThreadStack> stacks, Map<String, Object> client) {
        Map<String, Object> event = new LinkedHashMap<>(client);
        event.put("platform", "native");
        event.put("level", "fatal");
        Long crashedId = dump.crashedThread().map(Minidump.DumpThread::id).orElse(null);
        Set<Minidump.Module> used = new java.util.LinkedHashSet<>();
        List<Object> threads = new ArrayList<>();
        List<Object> crashedFrames = List.of();
        for (ThreadStack stack : stacks) {
            boolean crashed = crashedId != null && stack.threadId() == crashedId;
            int keep = crashed ? CrashEventParser.MAX_FRAMES : OTHER_THREAD_FRAMES;
            List<WalkedFrame> frames =
                    stack.frames().subList(0, Math.min(keep, stack.frames().size()));
            frames.stream().map(WalkedFrame::module).filter(m -> m != null).forEach(used::add);
            Map<String, Object> thread = new LinkedHashMap<>();
            thread.put("id", stack.threadId());
            thread.put("crashed", crashed);
            if (crashed) {
                crashedFrames = frames(frames);
            } else {
                thread.put("stacktrace", Map.of("frames", frames(frames)));
            }
            threads.add(thread);
        }
        event.put("threads", Map.of("values", threads));
        event.put("exception", Map.of("values", List.of(exception(dump, crashedId, crashedFrames))));
        event.put("debug_meta", Map.of("images", images(dump, used)));
        Map<String, Object> contexts = new LinkedHashMap<>();
        if (client.get("contexts") instanceof Map<?, ?> given) {
            given.forEach((k, v) -> contexts.put(String.valueOf(k), v));
        }
        contexts.put(
                "os",
                Map.of("name", dump.system().os(), "version", dump.system().osVersion()));
        if (dump.system().arch() != null) {
            contexts.put("device", Map.of("arch", dump.system().arch().sentryName()));
        }
        event.put("contexts", contexts);
        return event;
    }

    /** The debug ids of the modules a walk went through, whose symbol files would improve it. */
    public static Set<String> walkedDebugIds(List<ThreadStack> stacks) {
        Set<String> ids = new TreeSet<>();
        for (ThreadStack stack : stacks) {
            for (WalkedFrame frame : stack.frames()) {
                if (frame.module() != null && frame.module().debugId() != null) {
                    ids.add(frame.module().debugId().value());
                }
            }
        }
        return ids;
    }

    private static Map<String, Object> exception(Minidump dump, Long threadId, List<Object> frames) {
        Map<String, Object> exception = new LinkedHashMap<>();
        Map<String, Object> mechanism = new LinkedHashMap<>();
        mechanism.put("type", "minidump");
        mechanism.put("handled", false);
        mechanism.put("synthetic", true);
        String type = "Minidump";
        String value = "Fatal Error";
        if (dump.exception() != null) {
            Minidump.ExceptionInfo e = dump.exception();
            boolean windows = dump.system().windows();
            type = windows ? String.format("0x%08x", e.code()) : SIGNALS.getOrDefault(e.code(), "signal " + e.code());
            value = "Fatal Error: " + type + " at 0x" + Long.toHexString(e.address());
            if (!windows) {
                mechanism.put("meta", Map.of("signal", Map.of("number", e.code())));
            }
        }
        exception.put("type", type);
        exception.put("value", value);
        exception.put("mechanism", mechanism);
        if (threadId != null) {
            exception.put("thread_id", threadId);
        }
        exception.put("stacktrace", Map.of("frames", frames));
        return exception;
    }

    /** Sentry's order: oldest first, the crashing frame last. */
    private static List<Object> frames(List<WalkedFrame> walked) {
        List<Object> frames = new ArrayList<>(walked.size());
        for (int i = walked.size() - 1; i >= 0; i--) {
            WalkedFrame f = walked.get(i);
            Map<String, Object> frame = new LinkedHashMap<>();
            frame.put("instruction_addr", hex(f.returnAddress()));
            frame.put("trust", f.trust().wire());
            if (f.module() != null) {
                frame.put("package", f.module().codeFile());
                frame.put("image_addr", hex(f.module().base()));
            }
            frames.add(frame);
        }
        return frames;
    }

    private static List<Object> images(Minidump dump, Set<Minidump.Module> used) {
        String type =
                switch (dump.system().os()) {
                    case "Windows" -> "pe";
                    case "macOS", "iOS" -> "macho";
                    default -> "elf";
                };
        List<Object> images = new ArrayList<>();
        for (Minidump.Module m : dump.modules()) {
            if (!used.contains(m) || m.debugId() == null) {
                continue;
            }
            Map<String, Object> image = new LinkedHashMap<>();
            image.put("type", type);
            image.put("image_addr", hex(m.base()));
            image.put("image_size", m.size());
            image.put("debug_id", m.debugId().value());
            if (m.codeId() != null) {
                image.put("code_id", m.codeId());
            }
            image.put("code_file", m.codeFile());
            image.put("debug_file", m.debugFile() == null ? m.codeFile() : m.debugFile());
            if (dump.system().arch() != null) {
                image.put("arch", dump.system().arch().sentryName());
            }
            images.add(image);
        }
        return images;
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
