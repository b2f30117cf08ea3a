package org.nself.crash.symbolication;

import java.util.List;

/**
 * The result for the input frame at {@code index}. {@code frames} holds the source frames in Sentry's
 * stack order (outer function first, innermost inlined call last) and is empty unless the status is
 * {@code SYMBOLICATED}. {@code relativeAddr} is {@code instruction_addr − image_addr + image_vmaddr}
 * (null without an image); {@code imageIndex} is the image's position in the request (−1 without one).
 */
public record SymbolicatedFrame(
        int index,
        FrameStatus status,
        int imageIndex,
        String debugId,
        String debugFile,
        Long relativeAddr,
        List<SourceFrame> frames) {}
