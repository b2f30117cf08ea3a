-- Symbol files uploaded per account (issue 6). The file's bytes live apart from its row so that
-- listing never reads them; the debug ids a file can symbolicate (a fat dSYM has several) are rows
-- of np_crash_symbol_debug_ids, the table the symbolicator looks images up in.
CREATE TABLE np_crash_symbol_files (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    id                UUID         NOT NULL,
    format            VARCHAR(16)  NOT NULL CHECK (format IN ('breakpad', 'elf', 'macho', 'dsym', 'proguard')),
    file_name         VARCHAR(255),
    size_bytes        BIGINT       NOT NULL CHECK (size_bytes >= 0),
    sha256            CHAR(64)     NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (source_account_id, id)
);
CREATE UNIQUE INDEX np_crash_symbol_files_sha256 ON np_crash_symbol_files (source_account_id, sha256);
CREATE INDEX np_crash_symbol_files_created ON np_crash_symbol_files (source_account_id, created_at DESC, id);

CREATE TABLE np_crash_symbol_file_contents (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    file_id           UUID         NOT NULL,
    content           BYTEA        NOT NULL,
    PRIMARY KEY (source_account_id, file_id),
    FOREIGN KEY (source_account_id, file_id) REFERENCES np_crash_symbol_files (source_account_id, id) ON DELETE CASCADE
);

CREATE TABLE np_crash_symbol_debug_ids (
    source_account_id VARCHAR(128)  NOT NULL DEFAULT 'primary',
    debug_id          VARCHAR(48)   NOT NULL,
    file_id           UUID          NOT NULL,
    code_id           VARCHAR(128),
    arch              VARCHAR(32),
    debug_file        VARCHAR(1024),
    PRIMARY KEY (source_account_id, debug_id, file_id),
    FOREIGN KEY (source_account_id, file_id) REFERENCES np_crash_symbol_files (source_account_id, id) ON DELETE CASCADE
);
CREATE INDEX np_crash_symbol_debug_ids_file ON np_crash_symbol_debug_ids (source_account_id, file_id);
