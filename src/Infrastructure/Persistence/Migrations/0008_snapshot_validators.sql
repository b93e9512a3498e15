-- Conditional requests and permanent moves. Each snapshot keeps the validators of the answer it captured (ETag and
-- Last-Modified, as sent), so the next check can ask whether the source changed since; a check answered 304 Not Modified
-- is marked as such. A check, and its citation, keep where the URL has moved permanently (301, 308).

ALTER TABLE snapshots ADD COLUMN etag TEXT NULL;
ALTER TABLE snapshots ADD COLUMN last_modified TEXT NULL;

ALTER TABLE checks ADD COLUMN not_modified INTEGER NOT NULL DEFAULT 0;
ALTER TABLE checks ADD COLUMN moved_to TEXT NULL;

ALTER TABLE citations ADD COLUMN moved_to TEXT NULL;
