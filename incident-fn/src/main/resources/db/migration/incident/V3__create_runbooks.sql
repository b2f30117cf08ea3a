-- Runbooks (versioned definitions) and their executions on incidents, one row per step.
CREATE TABLE np_runbooks (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    id                UUID         NOT NULL,
    name              VARCHAR(200) NOT NULL,
    description       TEXT         NOT NULL DEFAULT '',
    types             JSONB        NOT NULL DEFAULT '[]'::jsonb,
    severities        JSONB        NOT NULL DEFAULT '[]'::jsonb,
    labels            JSONB        NOT NULL DEFAULT '{}'::jsonb,
    steps             JSONB        NOT NULL,
    enabled           BOOLEAN      NOT NULL DEFAULT true,
    version           INTEGER      NOT NULL DEFAULT 1,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (source_account_id, id)
);
CREATE INDEX np_runbooks_created_idx ON np_runbooks (source_account_id, created_at DESC, id);

-- Every version a runbook had, as it was.
CREATE TABLE np_incident_runbook_versions (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    runbook_id        UUID         NOT NULL,
    version           INTEGER      NOT NULL,
    definition        JSONB        NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (source_account_id, runbook_id, version)
);

CREATE TABLE np_incident_runbook_executions (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    id                UUID         NOT NULL,
    incident_id       UUID         NOT NULL,
    runbook_id        UUID         NOT NULL,
    runbook_version   INTEGER      NOT NULL,
    runbook_name      VARCHAR(200) NOT NULL,
    trigger           VARCHAR(20)  NOT NULL,
    status            VARCHAR(20)  NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    finished_at       TIMESTAMPTZ,
    PRIMARY KEY (source_account_id, id),
    FOREIGN KEY (source_account_id, incident_id) REFERENCES np_incidents (source_account_id, id) ON DELETE CASCADE,
    CONSTRAINT np_incident_runbook_executions_status_check CHECK (status IN ('running', 'completed', 'failed'))
);
CREATE INDEX np_incident_runbook_executions_incident_idx
    ON np_incident_runbook_executions (source_account_id, incident_id, created_at);

CREATE TABLE np_incident_runbook_steps (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    execution_id      UUID         NOT NULL,
    position          INTEGER      NOT NULL,
    step_id           VARCHAR(64)  NOT NULL,
    kind              VARCHAR(20)  NOT NULL,
    name              VARCHAR(200) NOT NULL,
    config            JSONB        NOT NULL,
    state             VARCHAR(20)  NOT NULL DEFAULT 'pending',
    output            JSONB,
    attempts          INTEGER      NOT NULL DEFAULT 0,
    actor             VARCHAR(200),
    started_at        TIMESTAMPTZ,
    finished_at       TIMESTAMPTZ,
    PRIMARY KEY (source_account_id, execution_id, position),
    FOREIGN KEY (source_account_id, execution_id) REFERENCES np_incident_runbook_executions (source_account_id, id)
        ON DELETE CASCADE,
    CONSTRAINT np_incident_runbook_steps_step_key UNIQUE (source_account_id, execution_id, step_id),
    CONSTRAINT np_incident_runbook_steps_state_check CHECK (state IN ('pending', 'running', 'completed', 'failed', 'skipped'))
);
CREATE INDEX np_incident_runbook_steps_running_idx ON np_incident_runbook_steps (source_account_id, state, started_at)
    WHERE state = 'running';
