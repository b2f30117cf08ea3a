package org.nself.crash.symbolication;

import java.util.List;

/**
 * Results in input order; each input frame expands to its original frames (stack order: caller first,
 * inlined callee last), or stays as it was ({@code mapped} false). {@code missingUuids}: the mapping
 * UUIDs the account has no file for.
 */
public record JavaDeobfuscation(List<Frame> frames, List<String> missingUuids) {
    public record Frame(int index, boolean mapped, List<ProguardMapping.JavaFrame> frames) {}
}
