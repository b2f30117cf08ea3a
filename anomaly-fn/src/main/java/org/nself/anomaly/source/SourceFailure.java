package org.nself.anomaly.source;

/** A source did not answer usable points; the message becomes the detector's status reason. */
public final class SourceFailure extends RuntimeException {
    public SourceFailure(String message) {
        super(message, null, false, false);
    }
}
