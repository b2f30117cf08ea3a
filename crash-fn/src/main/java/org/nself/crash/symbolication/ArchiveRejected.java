package org.nself.crash.symbolication;

/** An archive refused for safety: {@code tooLarge} separates size limits (413) from unsafe content (400). */
final class ArchiveRejected extends RuntimeException {
    private final boolean tooLarge;

    ArchiveRejected(String message, boolean tooLarge) {
        super(message, null, false, false);
        this.tooLarge = tooLarge;
    }

    public boolean tooLarge() {
        return tooLarge;
    }
}
