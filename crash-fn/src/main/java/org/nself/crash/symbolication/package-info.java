/**
 * Symbol files and symbolication (issue 6).
 *
 * <p>Pure core, no Micronaut or SQL: {@link org.nself.crash.symbolication.BreakpadSymbols},
 * {@link org.nself.crash.symbolication.ElfFile}, {@link org.nself.crash.symbolication.MachOFile},
 * {@link org.nself.crash.symbolication.DsymArchive}, {@link org.nself.crash.symbolication.ProguardMapping},
 * {@link org.nself.crash.symbolication.SymbolFiles} (format detection) and
 * {@link org.nself.crash.symbolication.FrameSymbolication} (frame to image mapping and lookup).
 *
 * <p>Shell: {@code SymbolFileController} ({@code /api/v1/dsyms}), {@code SymbolFileRepository} (tables
 * {@code np_crash_symbol_files}, {@code np_crash_symbol_file_contents}, {@code np_crash_symbol_debug_ids}),
 * {@code SymbolCache} (parsed tables, bounded by {@code nself.crash.symbols.cache-max-bytes}).
 *
 * <p>What other features call: {@link org.nself.crash.symbolication.EventSymbolication} (implemented by
 * {@code SymbolicateCrashEvent} over {@link org.nself.crash.symbolication.Symbolicator#symbolicate} for
 * native frames and {@link org.nself.crash.symbolication.Symbolicator#deobfuscate} for Java frames), run by
 * ingest before grouping and by the re-symbolication job. An upload queues its debug ids in
 * {@code np_crash_resymbolication_queue} in its own transaction (so no upload is ever without it); the
 * {@link org.nself.crash.symbolication.SymbolFilesChanged} event, published after an upload or a delete,
 * is for in-process listeners.
 */
package org.nself.crash.symbolication;
