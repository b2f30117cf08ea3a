package org.nself.crash.symbolication;

/** An obfuscated Java frame: {@code module} (the class), {@code function} (the method) and {@code lineno} (0 unknown). */
public record JavaFrameRef(String module, String function, int lineno) {}
