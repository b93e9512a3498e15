-- What each host answers for a path that cannot exist on it, fetched at most once per Monitor:Fetch:HostProbeInterval:
-- a cited URL whose 2xx answer reads like this one (or ends on the same final URL) is the host's "not found" template.
-- origin is scheme://host[:port], the unit a template belongs to; host is kept for reading.

CREATE TABLE host_probes (
    origin           TEXT    NOT NULL PRIMARY KEY,
    host             TEXT    NOT NULL,
    probed_at        TEXT    NOT NULL,
    url              TEXT    NOT NULL,
    final_url        TEXT    NOT NULL,
    http_status      INTEGER NULL,
    status           TEXT    NOT NULL,
    reason           TEXT    NULL,
    title            TEXT    NULL,
    text_fingerprint TEXT    NULL,
    text_words       INTEGER NOT NULL DEFAULT 0,
    text_length      INTEGER NOT NULL DEFAULT 0
);
