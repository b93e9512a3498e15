-- A citation's life: paused (the scheduler leaves it alone until resumed), retired (no more checks, left out of lists,
-- every check, snapshot and change kept), its own check interval, its labels; a document retired the same way; and an
-- audit of every edit of a citation, with who made it and the values before and after.
-- Plain SQL for any engine: booleans are 0/1 integers, times ISO 8601 UTC text, an interval whole seconds.

ALTER TABLE citations ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;
ALTER TABLE citations ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
ALTER TABLE citations ADD COLUMN retired_at TEXT NULL;
-- Seconds between checks of this citation; null: Monitor:Worker:CheckInterval.
ALTER TABLE citations ADD COLUMN check_interval INTEGER NULL;

ALTER TABLE documents ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN retired_at TEXT NULL;

-- What the scheduler claims: due, neither paused nor retired.
CREATE INDEX ix_citations_due_active ON citations (next_check_at) WHERE paused = 0 AND retired = 0;
CREATE INDEX ix_citations_retired ON citations (retired, id);
CREATE INDEX ix_documents_retired ON documents (retired, id);

-- A citation's labels, one row each, lower-case: ?label= is an indexed equality, on any engine.
CREATE TABLE citation_labels (
    citation_id INTEGER NOT NULL REFERENCES citations (id) ON DELETE CASCADE,
    label       TEXT    NOT NULL,
    PRIMARY KEY (citation_id, label)
);

CREATE INDEX ix_citation_labels_label ON citation_labels (label, citation_id);

-- Every edit of a citation: when, by which key (its name, never the key), which field, and the values before and after
-- as JSON text. document_id names the document whose place (passage, access date) was edited, or whose retirement
-- retired the citation.
CREATE TABLE citation_audit (
    id          INTEGER PRIMARY KEY,
    citation_id INTEGER NOT NULL REFERENCES citations (id) ON DELETE CASCADE,
    document_id INTEGER NULL,
    at          TEXT    NOT NULL,
    key_name    TEXT    NOT NULL,
    field       TEXT    NOT NULL,
    before      TEXT    NULL,
    after       TEXT    NULL
);

CREATE INDEX ix_citation_audit_citation ON citation_audit (citation_id, id);
