package org.nself.crash.event;

import java.util.List;

/** One entry of {@code exception.values[]}; frames oldest first, the last is the crash site. */
public record ExceptionValue(
        String type, String value, String module, String mechanismType, Boolean handled, List<Frame> frames) {
    public ExceptionValue {
        frames = List.copyOf(frames);
    }

    public ExceptionValue withFrames(List<Frame> newFrames) {
        return new ExceptionValue(type, value, module, mechanismType, handled, newFrames);
    }
}
