-- WARC exports read snapshots in capture order, a page at a time after the last (captured_at, id) seen.

CREATE INDEX ix_snapshots_captured ON snapshots (captured_at, id);
