-- A snapshot whose text differed from the last one but whose confirming fetch failed: kept as evidence, never used as
-- the baseline that later checks are compared with (the change it may show is reported once it holds).

ALTER TABLE snapshots ADD COLUMN unconfirmed INTEGER NOT NULL DEFAULT 0;
