package org.nself.crash.event;

/**
 * One entry of {@code debug_meta.images[]}: what grouping names a frame's module by and what the
 * symbolicator maps frames with. {@code type} is lower case ({@code elf}, {@code macho}, {@code pe},
 * {@code proguard}, …); {@code imageSize} 0 means unknown (the image then extends to the next image's
 * address).
 */
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

    /** The debug file, else the code file: what a symbolicated frame names as its image's file. */
    public String debugFileOrCodeFile() {
        return debugFile != null ? debugFile : codeFile;
    }

    /** The file name without its directories, e.g. {@code libgame.so}. */
    public String name() {
        String file = codeFile != null ? codeFile : debugFile;
        return file == null ? null : Names.basename(file);
    }
}
