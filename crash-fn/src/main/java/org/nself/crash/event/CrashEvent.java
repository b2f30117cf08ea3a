package org.nself.crash.event;

import java.util.List;
import java.util.Map;

/**
 * A validated crash report (the Sentry event payload). {@code raw} is the payload as received, kept
 * for storage; the other fields are what grouping, counting and listing need.
 */
public record CrashEvent(
        EventAttributes attributes,
        List<ExceptionValue> exceptions,
        List<Frame> threadFrames,
        List<DebugImage> images,
        String message,
        Map<String, Object> raw) {

    public CrashEvent {
        exceptions = List.copyOf(exceptions);
        threadFrames = List.copyOf(threadFrames);
        images = List.copyOf(images);
    }

    /** A crash: an exception not handled by the app, or a fatal event (SPEC.md §3). */
    public boolean isCrash() {
        return attributes.level() == Level.FATAL
                || exceptions.stream().anyMatch(e -> Boolean.FALSE.equals(e.handled()));
    }

    /** The outermost exception (Sentry lists chained exceptions oldest first), if any. */
    public ExceptionValue mainException() {
        return exceptions.isEmpty() ? null : exceptions.get(exceptions.size() - 1);
    }

    public CrashEvent withExceptions(List<ExceptionValue> newExceptions, List<Frame> newThreadFrames) {
        return new CrashEvent(attributes, newExceptions, newThreadFrames, images, message, raw);
    }
}
