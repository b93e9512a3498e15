-- A place is one (document, citation) pair: the occurrences of a URL in one document (rows of citation_places) taken
-- together, and what that document quotes from the source. A citation watched without a document has one place whose
-- document_id is null. The cited passage, the last verdict on it and the date the document accessed the source belong to
-- the place, not to the source: two documents quoting the same source each keep their own passage.

CREATE TABLE places (
    id               INTEGER PRIMARY KEY,
    document_id      INTEGER NULL REFERENCES documents (id) ON DELETE CASCADE,
    citation_id      INTEGER NOT NULL REFERENCES citations (id) ON DELETE CASCADE,
    quote            TEXT    NULL,
    quote_status     TEXT    NULL,
    quote_similarity REAL    NULL,
    quote_match      TEXT    NULL,
    accessed_at      TEXT    NULL,
    created_at       TEXT    NOT NULL
);

CREATE UNIQUE INDEX ux_places_document_citation ON places (document_id, citation_id) WHERE document_id IS NOT NULL;
CREATE UNIQUE INDEX ux_places_citation_alone ON places (citation_id) WHERE document_id IS NULL;
CREATE INDEX ix_places_by_citation ON places (citation_id);
-- A place's occurrences, in citing order: counted, and the first few read for their contexts.
CREATE INDEX ix_citation_places_place ON citation_places (document_id, citation_id, position);

-- What each check found of each place's passage, with the snapshot it looked in: the evidence from which a Robust Link
-- picks the version that still held the passage.
CREATE TABLE place_quotes (
    id          INTEGER PRIMARY KEY,
    check_id    INTEGER NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    place_id    INTEGER NOT NULL REFERENCES places (id) ON DELETE CASCADE,
    snapshot_id INTEGER NULL REFERENCES snapshots (id),
    status      TEXT    NOT NULL,
    similarity  REAL    NULL,
    match       TEXT    NULL
);

CREATE INDEX ix_place_quotes_place ON place_quotes (place_id, snapshot_id);

-- A change of kind quote names the place, and so the document, whose passage it is about.
ALTER TABLE changes ADD COLUMN place_id INTEGER NULL REFERENCES places (id);
ALTER TABLE changes ADD COLUMN document_id INTEGER NULL;
-- ...and the move of its passage's status (found, altered, missing) it records.
ALTER TABLE changes ADD COLUMN from_quote_status TEXT NULL;
ALTER TABLE changes ADD COLUMN to_quote_status TEXT NULL;

-- What a migration could not decide alone, for the operator: the migrator logs it once applied.
CREATE TABLE migration_notes (
    id      INTEGER PRIMARY KEY,
    version INTEGER NOT NULL,
    note    TEXT    NOT NULL
);

-- One place per document and source cited so far; its passage is the first one quoted next to the URL in that document.
INSERT INTO places (document_id, citation_id, quote, created_at)
SELECT p.document_id, p.citation_id,
       (SELECT q.quote FROM citation_places q
        WHERE q.document_id = p.document_id AND q.citation_id = p.citation_id AND q.quote IS NOT NULL
        ORDER BY q.position LIMIT 1),
       d.created_at
FROM citation_places p JOIN documents d ON d.id = p.document_id
GROUP BY p.document_id, p.citation_id, d.created_at;

-- A source no document cites has its place without a document. Its passage, if any, was set on the source itself, and
-- that place is the only one it can have come from: it moves there with its last verdict, nothing to tell.
INSERT INTO places (document_id, citation_id, quote, quote_status, quote_similarity, quote_match, created_at)
SELECT NULL, c.id, c.quote, c.quote_status, c.quote_similarity, c.quote_match, c.created_at FROM citations c
WHERE NOT EXISTS (SELECT 1 FROM citation_places p WHERE p.citation_id = c.id);

-- The source's passage, with the last verdict on it, stays with the places that quoted that very text.
UPDATE places
SET quote_status     = (SELECT c.quote_status FROM citations c WHERE c.id = places.citation_id),
    quote_similarity = (SELECT c.quote_similarity FROM citations c WHERE c.id = places.citation_id),
    quote_match      = (SELECT c.quote_match FROM citations c WHERE c.id = places.citation_id)
WHERE quote IS NOT NULL AND quote = (SELECT c.quote FROM citations c WHERE c.id = places.citation_id);

-- A passage no place quoted was set on the source by hand: where it came from is not known, so every place of the source
-- carries it, and the migration says so.
CREATE TEMP TABLE source_passages AS
SELECT c.id, c.normalized_url, c.quote, c.quote_status, c.quote_similarity, c.quote_match FROM citations c
WHERE c.quote IS NOT NULL AND NOT EXISTS (SELECT 1 FROM places p WHERE p.citation_id = c.id AND p.quote = c.quote);

INSERT INTO migration_notes (version, note)
SELECT 14, 'Citation ' || s.id || ' (' || s.normalized_url || ') had a passage set on the source, not quoted next to it by one '
           || 'document; each of its ' || (SELECT COUNT(*) FROM places p WHERE p.citation_id = s.id)
           || ' place(s) now carries it: "' || s.quote || '". Set each document''s own passage with '
           || 'PATCH /api/documents/{id}/citations/' || s.id || '.'
FROM source_passages s;

UPDATE places
SET quote            = (SELECT s.quote FROM source_passages s WHERE s.id = places.citation_id),
    quote_status     = (SELECT s.quote_status FROM source_passages s WHERE s.id = places.citation_id),
    quote_similarity = (SELECT s.quote_similarity FROM source_passages s WHERE s.id = places.citation_id),
    quote_match      = (SELECT s.quote_match FROM source_passages s WHERE s.id = places.citation_id)
WHERE citation_id IN (SELECT id FROM source_passages);

DROP TABLE source_passages;

-- Earlier quote changes name their place where the source had one place quoting its passage (other places quoting
-- other passages do not count: those were never looked for).
UPDATE changes
SET place_id = (SELECT MIN(p.id) FROM places p
                WHERE p.citation_id = changes.citation_id
                  AND p.quote = (SELECT c.quote FROM citations c WHERE c.id = changes.citation_id)
                HAVING COUNT(*) = 1)
WHERE kind = 'quote';

UPDATE changes SET document_id = (SELECT p.document_id FROM places p WHERE p.id = changes.place_id) WHERE place_id IS NOT NULL;

-- Earlier quote changes were recorded only when a found passage was lost: to altered when some of it was left (its
-- similarity above 0), else to missing.
UPDATE changes
SET from_quote_status = 'found',
    to_quote_status = CASE WHEN similarity > 0 THEN 'altered' ELSE 'missing' END
WHERE kind = 'quote';

-- The source holds no passage of its own any more.
ALTER TABLE citations DROP COLUMN quote;
ALTER TABLE citations DROP COLUMN quote_status;
ALTER TABLE citations DROP COLUMN quote_similarity;
ALTER TABLE citations DROP COLUMN quote_match;
