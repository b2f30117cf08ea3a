package org.nself.crash.event;

/**
 * One stack frame as the SDK sent it, or as symbolication rewrote it (addresses as numbers, null when
 * absent). {@code addrMode} is null,
 * {@code abs} or {@code rel:N} (the address is relative to image N of {@code debug_meta.images}).
 */
public record Frame(
        String function,
        String rawFunction,
        String module,
        String packageName,
        String filename,
        String absPath,
        Integer lineno,
        Integer colno,
        Boolean inApp,
        Long instructionAddr,
        Long symbolAddr,
        Long imageAddr,
        String addrMode) {

    /** This frame as a symbol source describes it (function, file, line), everything else kept. */
    public Frame symbolicated(String newFunction, String newModule, String file, Integer line) {
        return new Frame(
                newFunction,
                rawFunction,
                newModule,
                packageName,
                file,
                file != null ? file : absPath,
                line,
                file != null ? null : colno,
                inApp,
                instructionAddr,
                symbolAddr,
                imageAddr,
                addrMode);
    }
}
