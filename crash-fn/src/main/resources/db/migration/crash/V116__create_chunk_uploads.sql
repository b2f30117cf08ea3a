-- sentry-cli's chunked upload (issue 13): chunks arrive by SHA-1 before the file they make up is
-- assembled, so a file larger than one request (API Gateway: 10 MB) still arrives. A chunk lives until the
-- file that uses it is assembled, or is expired after a day (ChunkRepository).
CREATE TABLE np_crash_upload_chunks (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    checksum          CHAR(40)     NOT NULL,
    size_bytes        INT          NOT NULL CHECK (size_bytes >= 0),
    content           BYTEA        NOT NULL,
    assembled         BOOLEAN      NOT NULL DEFAULT false,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (source_account_id, checksum)
);
CREATE INDEX np_crash_upload_chunks_created ON np_crash_upload_chunks (source_account_id, created_at);

-- Which stored symbol file a whole-file SHA-1 (the key of difs/assemble) became, so an upload that is
-- already stored is answered "ok" without its chunks being sent again. Goes with the file.
CREATE TABLE np_crash_dif_assemblies (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    checksum          CHAR(40)     NOT NULL,
    file_id           UUID         NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (source_account_id, checksum),
    FOREIGN KEY (source_account_id, file_id) REFERENCES np_crash_symbol_files (source_account_id, id) ON DELETE CASCADE
);
CREATE INDEX np_crash_dif_assemblies_file ON np_crash_dif_assemblies (source_account_id, file_id);
