package org.nself.crash.event;

/** One entry of {@code debug_meta.images[]}. */
public record DebugImage(
        String type,
        long imageAddr,
        long imageSize,
        String debugId,
        String codeId,
        String debugFile,
        String codeFile,
        long imageVmaddr,
        String arch) {

    public boolean contains(long address) {
        return imageSize > 0
                && Long.compareUnsigned(address, imageAddr) >= 0
                && Long.compareUnsigned(address - imageAddr, imageSize) < 0;
    }

    /** The file name without its directories, e.g. {@code libgame.so}. */
    public String name() {
        String file = codeFile != null ? codeFile : debugFile;
        return file == null ? null : Names.basename(file);
    }
}
