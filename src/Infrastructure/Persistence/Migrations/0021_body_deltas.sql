-- A body that differs little from the one kept before it for the same source (a token, a date) is kept compressed
-- against that earlier body: encoding 'zstd-delta', with base_sha256 naming the base. A base is always a body kept
-- whole ('br' or 'identity'), so a delta is read with one other row. Bodies are never deleted, so a base stays.
-- Rows written before this keep base_sha256 null and read as before.
ALTER TABLE bodies ADD COLUMN base_sha256 TEXT NULL REFERENCES bodies (sha256);
