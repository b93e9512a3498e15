-- The passage a citation quotes, and whether each check still found it in the source.

ALTER TABLE citations ADD COLUMN quote TEXT NULL;
ALTER TABLE citations ADD COLUMN quote_status TEXT NULL;
ALTER TABLE citations ADD COLUMN quote_similarity REAL NULL;
ALTER TABLE citations ADD COLUMN quote_match TEXT NULL;

ALTER TABLE checks ADD COLUMN quote_status TEXT NULL;
ALTER TABLE checks ADD COLUMN quote_similarity REAL NULL;
ALTER TABLE checks ADD COLUMN quote_match TEXT NULL;

ALTER TABLE citation_places ADD COLUMN quote TEXT NULL;
