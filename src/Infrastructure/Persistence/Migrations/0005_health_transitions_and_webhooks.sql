-- Every change of a citation's health, with the check that caused it (NULL when time alone made it broken),
-- and the webhook outbox: deliveries are queued in the same transaction as the check that causes them, so a crash
-- loses none, and a dispatcher sends them later. Secrets are never stored: they stay in the configuration.

CREATE TABLE health_transitions (
    id          INTEGER PRIMARY KEY,
    citation_id INTEGER NOT NULL REFERENCES citations (id) ON DELETE CASCADE,
    from_health TEXT    NOT NULL,
    to_health   TEXT    NOT NULL,
    at          TEXT    NOT NULL,
    check_id    INTEGER NULL REFERENCES checks (id)
);

CREATE INDEX ix_health_transitions_citation ON health_transitions (citation_id, id);
CREATE INDEX ix_health_transitions_at       ON health_transitions (at);

-- next_attempt_at is NULL once a delivery is done with: delivered (delivered_at set) or given up (last_error says why).
CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    event           TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    target_url      TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NULL,
    delivered_at    TEXT    NULL,
    last_error      TEXT    NULL,
    created_at      TEXT    NOT NULL
);

CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at);
