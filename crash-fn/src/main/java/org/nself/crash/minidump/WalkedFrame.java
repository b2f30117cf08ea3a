package org.nself.crash.minidump;

/**
 * One frame of a walked stack, innermost first. {@code instruction} is the address to symbolicate: the
 * context's pc for the first frame, a byte (x86_64) or an instruction (arm64) before the return address
 * for the others. {@code module} is null when no module holds it.
 */
public record WalkedFrame(long instruction, FrameTrust trust, Minidump.Module module, Registers registers) {
    /** The address the frame's registers hold: the pc, or the return address for a caller. */
    public long returnAddress() {
        return registers.pc();
    }
}
