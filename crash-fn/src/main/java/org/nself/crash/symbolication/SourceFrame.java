package org.nself.crash.symbolication;

/**
 * One frame a lookup produced. {@code file} and {@code line} are null/0 when the symbol source has no
 * line information (ELF and Mach-O symbol tables, PUBLIC records). {@code inlined} marks a frame that
 * exists only because the compiler inlined it into its caller.
 */
public record SourceFrame(String function, String file, int line, boolean inlined) {}
