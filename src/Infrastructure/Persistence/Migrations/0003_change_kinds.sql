-- What each change is about: the text (content), only the title, only the final URL (moved), or the kind of
-- content (type). Changes recorded before this migration were all text changes.

ALTER TABLE changes ADD COLUMN kind TEXT NOT NULL DEFAULT 'content';

CREATE INDEX ix_changes_kind ON changes (kind, id);
