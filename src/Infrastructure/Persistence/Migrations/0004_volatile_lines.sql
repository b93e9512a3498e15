-- Lines of a citation's page learned to change between two fetches made seconds apart (counters, clocks,
-- tokens, rotating boxes), kept by shape and left out of every later comparison.

CREATE TABLE volatile_lines (
    citation_id   INTEGER NOT NULL REFERENCES citations (id) ON DELETE CASCADE,
    shape         TEXT    NOT NULL,
    example       TEXT    NOT NULL,
    first_seen_at TEXT    NOT NULL,
    last_seen_at  TEXT    NOT NULL,
    times_seen    INTEGER NOT NULL,
    PRIMARY KEY (citation_id, shape)
);
