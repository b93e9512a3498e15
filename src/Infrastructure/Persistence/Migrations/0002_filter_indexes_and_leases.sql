-- Indexes for every filter and ordering the API offers, and a lease so that two processes
-- sharing one database never check the same citation at the same time.

ALTER TABLE citations ADD COLUMN lease_owner TEXT NULL;
ALTER TABLE citations ADD COLUMN lease_until TEXT NULL;

CREATE INDEX ix_citations_due          ON citations (next_check_at);
CREATE INDEX ix_citations_health       ON citations (health);
CREATE INDEX ix_citations_last_status  ON citations (last_status);
CREATE INDEX ix_citations_host         ON citations (host);
CREATE INDEX ix_citations_last_changed ON citations (last_changed_at);
CREATE INDEX ix_places_document        ON citation_places (document_id, position);
CREATE INDEX ix_places_citation        ON citation_places (citation_id);
CREATE INDEX ix_checks_citation        ON checks (citation_id, id);
CREATE INDEX ix_checks_started         ON checks (started_at);
CREATE INDEX ix_snapshots_citation     ON snapshots (citation_id, id);
CREATE INDEX ix_snapshots_body         ON snapshots (sha256);
CREATE INDEX ix_changes_citation       ON changes (citation_id, id);
CREATE INDEX ix_changes_detected       ON changes (detected_at);
