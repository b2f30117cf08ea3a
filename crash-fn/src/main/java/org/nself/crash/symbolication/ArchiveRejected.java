package org.nself.crash.symbolication;

/** An archive refused for unsafe content (400); {@link TooLarge} is one refused for a size limit (413). */
sealed class ArchiveRejected extends RuntimeException permits ArchiveRejected.TooLarge {
    ArchiveRejected(String message) {
        super(message, null, false, false);
    }

    /** Whether a size limit refused it (413) rather than its content (400). */
    public boolean tooLarge() {
        return this instanceof TooLarge;
    }

    /** Over one of the archive's size limits (entries, bytes, ratio). */
    static final class TooLarge extends ArchiveRejected {
        TooLarge(String message) {
            super(message);
        }
    }
}
