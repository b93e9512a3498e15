-- Documents, the citations they make, checks, content-addressed bodies and texts, snapshots and changes.
-- Times are ISO 8601 UTC text (sortable); statuses and health use the contract's wire names.

CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    title       TEXT    NOT NULL,
    source_url  TEXT    NULL,
    description TEXT    NULL,
    created_at  TEXT    NOT NULL
);

CREATE TABLE citations (
    id                   INTEGER PRIMARY KEY,
    url                  TEXT    NOT NULL,
    normalized_url       TEXT    NOT NULL,
    url_key              TEXT    NOT NULL UNIQUE,
    host                 TEXT    NOT NULL,
    health               TEXT    NOT NULL DEFAULT 'unknown',
    last_status          TEXT    NULL,
    last_http_status     INTEGER NULL,
    last_reason          TEXT    NULL,
    last_checked_at      TEXT    NULL,
    next_check_at        TEXT    NOT NULL,
    last_ok_at           TEXT    NULL,
    last_changed_at      TEXT    NULL,
    final_url            TEXT    NULL,
    title                TEXT    NULL,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    first_failure_at     TEXT    NULL,
    check_count          INTEGER NOT NULL DEFAULT 0,
    change_count         INTEGER NOT NULL DEFAULT 0,
    snapshot_count       INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT    NOT NULL
);

-- One row per place a document cites a source: a source cited twice is one citation with two places.
CREATE TABLE citation_places (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    citation_id INTEGER NOT NULL REFERENCES citations (id) ON DELETE CASCADE,
    cited_url   TEXT    NOT NULL,
    context     TEXT    NOT NULL,
    line        INTEGER NULL,
    position    INTEGER NOT NULL
);

-- Raw bodies, one row per distinct SHA-256 of the bytes as received; data is compressed per `encoding`.
CREATE TABLE bodies (
    sha256      TEXT    PRIMARY KEY,
    byte_length INTEGER NOT NULL,
    encoding    TEXT    NOT NULL,
    data        BLOB    NOT NULL,
    created_at  TEXT    NOT NULL
);

-- Extracted texts, one row per distinct SHA-256 of the UTF-8 text.
CREATE TABLE texts (
    sha256      TEXT    PRIMARY KEY,
    char_length INTEGER NOT NULL,
    encoding    TEXT    NOT NULL,
    data        BLOB    NOT NULL
);

CREATE TABLE snapshots (
    id           INTEGER PRIMARY KEY,
    citation_id  INTEGER NOT NULL REFERENCES citations (id) ON DELETE CASCADE,
    captured_at  TEXT    NOT NULL,
    url          TEXT    NOT NULL,
    final_url    TEXT    NOT NULL,
    http_status  INTEGER NOT NULL,
    check_status TEXT    NOT NULL,
    content_type TEXT    NULL,
    kind         TEXT    NOT NULL,
    byte_length  INTEGER NOT NULL,
    sha256       TEXT    NOT NULL REFERENCES bodies (sha256),
    text_sha256  TEXT    NOT NULL REFERENCES texts (sha256),
    truncated    INTEGER NOT NULL,
    title        TEXT    NULL
);

CREATE TABLE checks (
    id              INTEGER PRIMARY KEY,
    citation_id     INTEGER NOT NULL REFERENCES citations (id) ON DELETE CASCADE,
    started_at      TEXT    NOT NULL,
    duration_ms     INTEGER NOT NULL,
    status          TEXT    NOT NULL,
    http_status     INTEGER NULL,
    final_url       TEXT    NULL,
    redirects       TEXT    NOT NULL,
    attempts        INTEGER NOT NULL,
    error           TEXT    NULL,
    reason          TEXT    NULL,
    content_type    TEXT    NULL,
    snapshot_id     INTEGER NULL REFERENCES snapshots (id),
    content_changed INTEGER NOT NULL
);

CREATE TABLE changes (
    id               INTEGER PRIMARY KEY,
    citation_id      INTEGER NOT NULL REFERENCES citations (id) ON DELETE CASCADE,
    detected_at      TEXT    NOT NULL,
    from_snapshot_id INTEGER NOT NULL REFERENCES snapshots (id),
    to_snapshot_id   INTEGER NOT NULL REFERENCES snapshots (id),
    similarity       REAL    NOT NULL,
    inserted_words   INTEGER NOT NULL,
    deleted_words    INTEGER NOT NULL,
    diff             TEXT    NOT NULL
);
