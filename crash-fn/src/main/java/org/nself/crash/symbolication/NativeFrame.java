package org.nself.crash.symbolication;

/**
 * A native frame to symbolicate. {@code addrMode} is null or {@code abs} (an absolute address) or
 * {@code rel:N} (relative to image N of the event). {@code crashing} is true for the frame where the
 * crash happened (its address is the faulting instruction); every other frame holds a return address
 * and is looked up at {@code address − 1}, inside the call instruction.
 */
public record NativeFrame(long instructionAddr, String addrMode, boolean crashing) {}
