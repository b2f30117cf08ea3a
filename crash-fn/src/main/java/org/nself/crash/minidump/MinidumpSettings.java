package org.nself.crash.minidump;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Positive;

/**
 * The minidump limits ({@code nself.crash.minidump.*}, defaults in application.yml).
 *
 * @param maxDumpBytes the largest dump accepted, decoded (413 above)
 * @param maxStoredBytesPerAccount the most dump bytes one account keeps; past it a new dump's report is
 *     ingested and its dump not kept (the crash is the valuable part, and is never lost to the quota)
 */
@ConfigurationProperties("nself.crash.minidump")
@Context
record MinidumpSettings(@Positive long maxDumpBytes, @Positive long maxStoredBytesPerAccount) {}
