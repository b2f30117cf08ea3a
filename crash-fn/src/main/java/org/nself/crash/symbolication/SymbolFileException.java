package org.nself.crash.symbolication;

/** A symbol file that cannot be read: malformed, truncated, or of no known format. */
final class SymbolFileException extends RuntimeException {
    public SymbolFileException(String message) {
        super(message, null, false, false);
    }
}
