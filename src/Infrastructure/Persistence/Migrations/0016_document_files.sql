-- Documents as people have them: what kind of file a document was read from, what its reading left out and why, and the
-- file itself, kept as evidence in the same content-addressed store as the captures (bodies, by SHA-256).
ALTER TABLE documents ADD COLUMN kind TEXT NOT NULL DEFAULT 'text';
ALTER TABLE documents ADD COLUMN skipped TEXT NOT NULL DEFAULT '[]';
ALTER TABLE documents ADD COLUMN original_sha256 TEXT NULL REFERENCES bodies (sha256);
ALTER TABLE documents ADD COLUMN original_name TEXT NULL;
ALTER TABLE documents ADD COLUMN original_type TEXT NULL;
ALTER TABLE documents ADD COLUMN original_bytes INTEGER NULL;

-- The footnote an occurrence stands in, as the document numbers it.
ALTER TABLE citation_places ADD COLUMN footnote TEXT NULL;
