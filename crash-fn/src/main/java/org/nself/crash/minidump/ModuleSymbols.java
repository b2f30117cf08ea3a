package org.nself.crash.minidump;

import java.util.Map;
import java.util.Optional;

/** What the walker needs from one module's symbol file: its CFI, and where its functions are. */
public interface ModuleSymbols {
    /** The CFI rule set at a module-relative offset. */
    Optional<Map<String, String>> cfiAt(long offset);

    /** Whether a FUNC or PUBLIC record covers the offset (a scanned return address must land in one). */
    boolean hasFunctionAt(long offset);
}
