package org.nself.crash.symbolication;

import java.util.Locale;

/** The symbol file formats the service reads. */
enum SymbolFormat {
    BREAKPAD,
    ELF,
    MACHO,
    DSYM,
    PROGUARD;

    /** The name stored and shown on the wire. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SymbolFormat fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
