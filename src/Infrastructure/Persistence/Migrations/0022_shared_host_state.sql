-- What every process owes each host, kept where all of them see it: the spacing of requests (host_turns: the next
-- turn, the last request sent, a pause asked for by a long Retry-After, an open circuit) and the checks in flight
-- (host_slots: one row per slot, held by a process for a while it renews). PostgreSQL, with many workers on many
-- machines, keeps them here; SQLite, with the processes of one machine, keeps them in each process, and has the tables
-- so that both engines hold the same schema.
CREATE TABLE host_turns (
    host               TEXT    NOT NULL PRIMARY KEY,
    next_start_at      TEXT    NULL,
    last_sent_at       TEXT    NULL,
    paused_until       TEXT    NULL,
    circuit_open_until TEXT    NULL
);

CREATE TABLE host_slots (
    host       TEXT    NOT NULL,
    slot       INTEGER NOT NULL,
    owner      TEXT    NULL,
    expires_at TEXT    NULL,
    PRIMARY KEY (host, slot)
);
