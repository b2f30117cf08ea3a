package org.nself.crash.symbolication;

import java.util.List;
import java.util.UUID;
import org.nself.shared.tenancy.AccountId;

/**
 * Published after a symbol file was stored or deleted and committed: the hook for retroactive
 * re-symbolication (reports waiting for one of {@code debugIds} can now be symbolicated).
 */
public record SymbolFilesChanged(AccountId account, UUID fileId, List<DebugId> debugIds, boolean deleted) {}
