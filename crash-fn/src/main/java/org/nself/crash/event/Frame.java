package org.nself.crash.event;

/** One stack frame as the SDK sent it (addresses as numbers, null when absent). */
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
        Long imageAddr) {

    public Frame withFunction(String symbol, String newPackage) {
        return new Frame(
                symbol,
                rawFunction,
                module,
                newPackage,
                filename,
                absPath,
                lineno,
                colno,
                inApp,
                instructionAddr,
                symbolAddr,
                imageAddr);
    }
}
