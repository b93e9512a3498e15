-- Evidence: full captures, web-archive captures, a hash chain over snapshots, and links to web archives.

-- The request that was sent and the answer's status line and headers as received, so a capture can be exported as
-- WARC request and response records. Headers are JSON arrays of [name, value] pairs in the order sent or received.
-- Null on snapshots taken before this migration: they stay valid, and are exported with what they have.
ALTER TABLE snapshots ADD COLUMN request_method TEXT NULL;
ALTER TABLE snapshots ADD COLUMN request_url TEXT NULL;
ALTER TABLE snapshots ADD COLUMN request_headers TEXT NULL;
ALTER TABLE snapshots ADD COLUMN http_version TEXT NULL;
ALTER TABLE snapshots ADD COLUMN reason_phrase TEXT NULL;
ALTER TABLE snapshots ADD COLUMN response_headers TEXT NULL;

-- Where a capture comes from: 'monitor' (fetched by a check) or 'web-archive' (a web archive's capture, fetched as the
-- baseline at citation time), with the archive's URL for it and the datetime the archive captured it.
ALTER TABLE snapshots ADD COLUMN origin TEXT NOT NULL DEFAULT 'monitor';
ALTER TABLE snapshots ADD COLUMN archive_url TEXT NULL;
ALTER TABLE snapshots ADD COLUMN archive_datetime TEXT NULL;

-- Hash chain: each snapshot seals its own fields together with the previous snapshot's record_hash.
ALTER TABLE snapshots ADD COLUMN prev_hash TEXT NULL;
ALTER TABLE snapshots ADD COLUMN record_hash TEXT NULL;

-- The web archive's capture closest to the citation's first-seen date.
ALTER TABLE citations ADD COLUMN archived_url TEXT NULL;
ALTER TABLE citations ADD COLUMN archived_at TEXT NULL;

-- When the document was published: its citations' baseline is the web archive's capture closest to it.
ALTER TABLE documents ADD COLUMN published_at TEXT NULL;
