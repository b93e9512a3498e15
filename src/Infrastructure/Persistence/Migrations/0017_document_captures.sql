-- migrate: rebuilds tables
-- A document's uploaded file is evidence like a capture: it is kept as a snapshot of its own (origin 'upload'), so it is
-- sealed in the same hash chain, checked by the same fixity runs and exported in WARC files as a 'resource' record.
-- Such a snapshot belongs to a document, not to a citation: citation_id becomes nullable, and document_id names the
-- document. SQLite cannot relax NOT NULL in place, so the table is rebuilt as SQLite documents it (a new table, the rows
-- copied with their ids and hashes, the old one dropped, the new one renamed): the first line asks the migrator to run
-- this with foreign keys off and to check every reference before it commits.
CREATE TABLE snapshots_0017 (
    id               INTEGER PRIMARY KEY,
    citation_id      INTEGER NULL REFERENCES citations (id) ON DELETE CASCADE,
    captured_at      TEXT    NOT NULL,
    url              TEXT    NOT NULL,
    final_url        TEXT    NOT NULL,
    http_status      INTEGER NOT NULL,
    check_status     TEXT    NOT NULL,
    content_type     TEXT    NULL,
    kind             TEXT    NOT NULL,
    byte_length      INTEGER NOT NULL,
    sha256           TEXT    NOT NULL REFERENCES bodies (sha256),
    text_sha256      TEXT    NOT NULL REFERENCES texts (sha256),
    truncated        INTEGER NOT NULL,
    title            TEXT    NULL,
    unconfirmed      INTEGER NOT NULL DEFAULT 0,
    etag             TEXT    NULL,
    last_modified    TEXT    NULL,
    request_method   TEXT    NULL,
    request_url      TEXT    NULL,
    request_headers  TEXT    NULL,
    http_version     TEXT    NULL,
    reason_phrase    TEXT    NULL,
    response_headers TEXT    NULL,
    origin           TEXT    NOT NULL DEFAULT 'monitor',
    archive_url      TEXT    NULL,
    archive_datetime TEXT    NULL,
    prev_hash        TEXT    NULL,
    record_hash      TEXT    NULL,
    document_id      INTEGER NULL REFERENCES documents (id),
    CHECK ((citation_id IS NULL) <> (document_id IS NULL))
);

INSERT INTO snapshots_0017 (id, citation_id, captured_at, url, final_url, http_status, check_status, content_type, kind,
                       byte_length, sha256, text_sha256, truncated, title, unconfirmed, etag, last_modified,
                       request_method, request_url, request_headers, http_version, reason_phrase, response_headers,
                       origin, archive_url, archive_datetime, prev_hash, record_hash)
SELECT id, citation_id, captured_at, url, final_url, http_status, check_status, content_type, kind,
       byte_length, sha256, text_sha256, truncated, title, unconfirmed, etag, last_modified,
       request_method, request_url, request_headers, http_version, reason_phrase, response_headers,
       origin, archive_url, archive_datetime, prev_hash, record_hash
FROM snapshots;

DROP TABLE snapshots;

ALTER TABLE snapshots_0017 RENAME TO snapshots;

CREATE INDEX ix_snapshots_citation        ON snapshots (citation_id, id);
CREATE INDEX ix_snapshots_body            ON snapshots (sha256);
CREATE INDEX ix_snapshots_citation_origin ON snapshots (citation_id, origin, check_status);
CREATE INDEX ix_snapshots_captured        ON snapshots (captured_at, id);
CREATE INDEX ix_snapshots_document        ON snapshots (document_id) WHERE document_id IS NOT NULL;

-- Files uploaded before this migration get their snapshot now (with an empty text: the file can be read again), sealed
-- into the chain at its end by the next seal. Their media type is their kind's (DocumentKinds.MediaType).
INSERT INTO texts (sha256, char_length, encoding, data)
SELECT 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 0, 'identity', X''
WHERE EXISTS (SELECT 1 FROM documents WHERE original_sha256 IS NOT NULL)
ON CONFLICT (sha256) DO NOTHING;

INSERT INTO snapshots (document_id, captured_at, url, final_url, http_status, check_status, content_type, kind,
                       byte_length, sha256, text_sha256, truncated, title, origin)
SELECT d.id, d.created_at, COALESCE(d.source_url, 'urn:citation-monitor:document:' || d.id),
       COALESCE(d.source_url, 'urn:citation-monitor:document:' || d.id), 0, 'ok',
       CASE d.kind
           WHEN 'pdf' THEN 'application/pdf'
           WHEN 'docx' THEN 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
           WHEN 'html' THEN 'text/html'
           WHEN 'bibtex' THEN 'application/x-bibtex'
           WHEN 'csl-json' THEN 'application/vnd.citationstyles.csl+json'
           ELSE 'text/plain'
       END,
       d.kind,
       d.original_bytes, d.original_sha256, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 0, d.title, 'upload'
FROM documents d
WHERE d.original_sha256 IS NOT NULL
ORDER BY d.id;
