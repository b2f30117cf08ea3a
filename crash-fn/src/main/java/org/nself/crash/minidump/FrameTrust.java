package org.nself.crash.minidump;

/** How a frame was found, in Sentry's {@code trust} words, with the phrase minidump_stackwalk prints. */
public enum FrameTrust {
    CONTEXT("context", "given as instruction pointer in context"),
    CFI("cfi", "call frame info"),
    FP("fp", "previous frame's frame pointer"),
    SCAN("scan", "stack scanning");

    private final String wire;
    private final String breakpadPhrase;

    FrameTrust(String wire, String breakpadPhrase) {
        this.wire = wire;
        this.breakpadPhrase = breakpadPhrase;
    }

    public String wire() {
        return wire;
    }

    /** The text after "Found by: " in minidump_stackwalk's output. */
    public String breakpadPhrase() {
        return breakpadPhrase;
    }
}
