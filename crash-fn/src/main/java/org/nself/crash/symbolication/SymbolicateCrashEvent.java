package org.nself.crash.symbolication;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.nself.crash.event.CrashEvent;
import org.nself.crash.event.DebugImage;
import org.nself.crash.event.ExceptionValue;
import org.nself.crash.event.Frame;
import org.nself.shared.tenancy.AccountId;

/**
 * Symbolicates an event at ingest (and again when its symbols arrive later): every frame with an
 * {@code instruction_addr} of every exception and of the event's thread stack (the crashed thread's,
 * else the current one's, else the top-level {@code stacktrace}) goes to the {@link Symbolicator} in one
 * call (at most one query for the account's files, tables from the cache); the last frame of each stack
 * is the crashing one (looked up at its address), the others at {@code address − 1} (done by
 * {@link FrameSymbolication}). A symbolicated frame becomes its source frames, inlined calls expanded.
 * Java frames are deobfuscated when the event names ProGuard mappings ({@code proguard} images).
 */
@Singleton
record SymbolicateCrashEvent(Symbolicator symbolicator) implements EventSymbolication {
    @Override
    public Result symbolicate(String account, CrashEvent event) {
        List<List<Frame>> stacks = new ArrayList<>();
        for (ExceptionValue exception : event.exceptions()) {
            stacks.add(exception.frames());
        }
        stacks.add(event.threadFrames());

        List<NativeFrame> natives = new ArrayList<>();
        List<JavaFrameRef> javas = new ArrayList<>();
        for (List<Frame> stack : stacks) {
            for (int i = 0; i < stack.size(); i++) {
                Frame frame = stack.get(i);
                if (frame.instructionAddr() != null) {
                    natives.add(new NativeFrame(frame.instructionAddr(), frame.addrMode(), i == stack.size() - 1));
                } else if (frame.module() != null && frame.function() != null) {
                    javas.add(new JavaFrameRef(frame.module(), frame.function(), lineOf(frame)));
                }
            }
        }
        List<String> mappings = event.images().stream()
                .filter(image -> "proguard".equals(image.type()) && image.debugId() != null)
                .map(DebugImage::debugId)
                .toList();
        List<DebugImage> images = event.images();
        // frames without any image that has a debug id cannot be looked up: no query, status none
        boolean nativeWork =
                !natives.isEmpty() && !FrameSymbolication.debugIds(images).isEmpty();
        boolean javaWork = !javas.isEmpty() && !mappings.isEmpty();
        if (!nativeWork && !javaWork) {
            return new Result(event, Status.NONE, List.of(), false);
        }
        AccountId accountId = new AccountId(account);
        TreeSet<String> missing = new TreeSet<>();
        NativeSymbolication nativeResult = null;
        if (nativeWork) {
            nativeResult = symbolicator.symbolicate(accountId, images, natives);
            missing.addAll(nativeResult.missingDebugIds());
        }
        JavaDeobfuscation javaResult = null;
        if (javaWork) {
            javaResult = symbolicator.deobfuscate(accountId, mappings, javas);
            missing.addAll(javaResult.missingUuids());
        }

        int[] cursor = {0, 0, 0}; // native result, java result, frames replaced
        List<ExceptionValue> exceptions = new ArrayList<>(event.exceptions().size());
        for (int s = 0; s < event.exceptions().size(); s++) {
            ExceptionValue exception = event.exceptions().get(s);
            exceptions.add(exception.withFrames(rewrite(stacks.get(s), nativeResult, javaResult, cursor)));
        }
        List<Frame> threadFrames = rewrite(stacks.get(stacks.size() - 1), nativeResult, javaResult, cursor);
        Status status = missing.isEmpty() ? Status.COMPLETE : Status.MISSING;
        if (cursor[2] == 0) {
            return new Result(event, status, List.copyOf(missing), false);
        }
        return new Result(event.withExceptions(exceptions, threadFrames), status, List.copyOf(missing), true);
    }

    /** The stack with each frame replaced by what it resolved to; {@code cursor} walks both result lists. */
    private static List<Frame> rewrite(
            List<Frame> stack, NativeSymbolication natives, JavaDeobfuscation javas, int[] cursor) {
        List<Frame> out = new ArrayList<>(stack.size());
        for (Frame frame : stack) {
            if (frame.instructionAddr() != null) {
                if (natives == null) {
                    out.add(frame);
                    continue;
                }
                SymbolicatedFrame result = natives.frames().get(cursor[0]++);
                if (result.status() != FrameStatus.SYMBOLICATED) {
                    out.add(frame);
                    continue;
                }
                cursor[2]++;
                for (SourceFrame source : result.frames()) {
                    out.add(frame.symbolicated(
                            source.function(),
                            frame.module(),
                            source.file(),
                            source.line() > 0 ? source.line() : null));
                }
            } else if (frame.module() != null && frame.function() != null) {
                if (javas == null) {
                    out.add(frame);
                    continue;
                }
                JavaDeobfuscation.Frame result = javas.frames().get(cursor[1]++);
                if (!result.mapped()) {
                    out.add(frame);
                    continue;
                }
                cursor[2]++;
                for (ProguardMapping.JavaFrame original : result.frames()) {
                    out.add(frame.symbolicated(
                            original.method(),
                            original.className(),
                            original.fileName() != null ? original.fileName() : frame.filename(),
                            original.line() > 0 ? original.line() : null));
                }
            } else {
                out.add(frame);
            }
        }
        return out;
    }

    private static int lineOf(Frame frame) {
        return frame.lineno() == null ? 0 : frame.lineno();
    }
}
