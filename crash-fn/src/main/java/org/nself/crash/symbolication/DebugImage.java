package org.nself.crash.symbolication;

/**
 * One entry of an event's {@code debug_meta.images[]} as the symbolicator needs it. {@code type} is
 * {@code elf}, {@code macho}, {@code pe} (or another native type); {@code imageSize} 0 means unknown
 * (the image then extends to the next image's address).
 */
public record DebugImage(
        String type,
        long imageAddr,
        long imageSize,
        long imageVmaddr,
        String debugId,
        String codeId,
        String debugFile,
        String arch) {}
