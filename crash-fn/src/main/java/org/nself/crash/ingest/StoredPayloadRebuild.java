package org.nself.crash.ingest;

import java.util.UUID;

/**
 * Rebuilds a stored report's payload from what it was made of before it is symbolicated again (a
 * minidump's stack is walked again with the CFI that has arrived since); answers the payload unchanged
 * when the report was not made from anything else.
 */
public interface StoredPayloadRebuild {
    String rebuild(String account, UUID eventId, String payload);
}
