-- Fixity: every run of the verification of stored bodies and texts, what it found wrong, and the head of the snapshot hash
-- chain it saw, so that a later rewrite of the whole chain can be told from the heads recorded before it.

CREATE TABLE fixity_runs (
    id                    INTEGER PRIMARY KEY,
    started_at            TEXT    NOT NULL,
    finished_at           TEXT    NULL,
    trigger_kind          TEXT    NOT NULL,
    bodies_verified       INTEGER NOT NULL DEFAULT 0,
    texts_verified        INTEGER NOT NULL DEFAULT 0,
    failure_count         INTEGER NOT NULL DEFAULT 0,
    chain_intact          INTEGER NULL,
    chain_length          INTEGER NULL,
    chain_head_id         INTEGER NULL,
    chain_head_hash       TEXT    NULL,
    chain_broken_id       INTEGER NULL,
    chain_problem         TEXT    NULL,
    error                 TEXT    NULL
);

CREATE INDEX ix_fixity_runs_started ON fixity_runs (started_at);

-- One row per stored body or text that failed: target 'body' or 'text', problem 'mismatch', 'unreadable' or 'missing',
-- and the ids of the snapshots that rely on it (a JSON array).
CREATE TABLE fixity_failures (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES fixity_runs (id) ON DELETE CASCADE,
    target       TEXT    NOT NULL,
    sha256       TEXT    NOT NULL,
    problem      TEXT    NOT NULL,
    detail       TEXT    NULL,
    snapshot_ids TEXT    NOT NULL
);

CREATE INDEX ix_fixity_failures_run ON fixity_failures (run_id, id);

-- When each stored body or text last hashed to its key.
ALTER TABLE bodies ADD COLUMN last_verified_at TEXT NULL;
ALTER TABLE texts ADD COLUMN last_verified_at TEXT NULL;

-- Work that only one process may do at a time, whichever process it is: held until expires_at, renewed while working.
CREATE TABLE job_leases (
    name       TEXT NOT NULL PRIMARY KEY,
    owner      TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
