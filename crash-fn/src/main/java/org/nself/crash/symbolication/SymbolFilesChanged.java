package org.nself.crash.symbolication;

import java.util.List;
import java.util.UUID;
import org.nself.shared.tenancy.AccountId;

/**
 * Published after a symbol file was stored or deleted and committed. Retroactive re-symbolication does
 * not rely on it (an event published after the commit can be lost with the process): the upload queues
 * its debug ids in the same transaction as the file.
 */
public record SymbolFilesChanged(AccountId account, UUID fileId, List<DebugId> debugIds, boolean deleted) {}
