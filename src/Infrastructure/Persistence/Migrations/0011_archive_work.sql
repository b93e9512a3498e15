-- Work for the web archives, one row per citation and kind: 'link' (the archived copy closest to the first-seen date,
-- asked when the source is first captured and again when it turns broken), 'baseline' (the capture closest to the
-- citing document's publication, stored as a snapshot) and 'save' (a first capture submitted to the archive).
-- done_at: when it last succeeded (the archive answered, with or without a capture); retry_at: when a failed attempt
-- may be tried again; last_error: why the last attempt failed, or 'no_capture' when the archive had none.
CREATE TABLE archive_work (
    citation_id INTEGER NOT NULL REFERENCES citations (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,
    done_at     TEXT    NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    retry_at    TEXT    NULL,
    last_error  TEXT    NULL,
    PRIMARY KEY (citation_id, kind)
);

CREATE INDEX ix_snapshots_citation_origin ON snapshots (citation_id, origin, check_status);
