-- What every process owes each host, kept where all of them see it (see the SQLite script of the same number): the
-- spacing of requests, the pauses a host asked for, an open circuit, and the checks in flight per host. Times are the
-- server's clock (clock_timestamp()), so that machines whose clocks differ still space their requests.
CREATE TABLE host_turns (
    host               text        COLLATE "C" NOT NULL PRIMARY KEY,
    next_start_at      timestamptz NOT NULL DEFAULT '-infinity',
    last_sent_at       timestamptz NULL,
    paused_until       timestamptz NULL,
    circuit_open_until timestamptz NULL
);

CREATE TABLE host_slots (
    host       text        COLLATE "C" NOT NULL,
    slot       integer     NOT NULL,
    owner      text        COLLATE "C" NULL,
    expires_at timestamptz NULL,
    PRIMARY KEY (host, slot)
);

CREATE INDEX ix_host_slots_owner ON host_slots (owner) WHERE owner IS NOT NULL;
