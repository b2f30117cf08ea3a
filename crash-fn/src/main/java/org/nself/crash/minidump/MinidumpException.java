package org.nself.crash.minidump;

/** The parser's one refusal: the bytes are not a minidump it can read, or one that breaks a bound. */
public final class MinidumpException extends RuntimeException {
    MinidumpException(String message) {
        super(message);
    }
}
