-- Indexes for the reads a dashboard polls, measured on 100,000 citations (BENCHMARKS.md, API reads at scale).
-- IF [NOT] EXISTS throughout: the script can run again on a file an operator fixed by hand.

-- Since every list of citations also asks for retired = 0 or 1 (0015), a filter on health, last status or host went
-- through ix_citations_retired and read every citation's row to test the filter: 75 ms for ?health=broken. With the
-- filter first, then retired, then id, the filter is one range of the index: counted without reading a row, and its
-- newest page read in id order. These replace the single-column indexes of 0002, which they contain.
DROP INDEX IF EXISTS ix_citations_health;
DROP INDEX IF EXISTS ix_citations_last_status;
DROP INDEX IF EXISTS ix_citations_host;
CREATE INDEX IF NOT EXISTS ix_citations_health_listed ON citations (health, retired, id);
CREATE INDEX IF NOT EXISTS ix_citations_status_listed ON citations (last_status, retired, id);
CREATE INDEX IF NOT EXISTS ix_citations_host_listed ON citations (host, retired, id);

-- The summary's figures in one pass over this index alone, in the order it groups by (SummaryStore), instead of five
-- passes over every citation's row.
CREATE INDEX IF NOT EXISTS ix_citations_summary ON citations (retired, host, health, last_status, change_count, last_checked_at);

-- A report asks when each of its sources took its current health (the newest transition's time): from this index
-- alone, instead of reading every transition's row of its 2,000 sources.
CREATE INDEX IF NOT EXISTS ix_health_transitions_citation_at ON health_transitions (citation_id, at);
