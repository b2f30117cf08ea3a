package org.nself.crash.symbolication;

/** What a crash's debug image is matched on: a debug id, and the code id, arch and file name where known. */
record SymbolIdentity(DebugId debugId, String codeId, String arch, String debugFile) {}
