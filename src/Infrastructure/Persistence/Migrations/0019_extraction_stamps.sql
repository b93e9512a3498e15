-- Which extraction produced a stored text: ContentExtractor.Version and, when the host had ignore selectors, a
-- fingerprint of them (ExtractionStamp: '2', '2+1a2b3c4d'). A check compares a new text with its baseline's only when
-- both were made the same way; otherwise the baseline's text is read again from its stored bytes first, so an upgrade of
-- the extractor or a change of ignore selectors raises no change. Null on rows written before this: version 1.
-- The column is not hashed in the snapshots' chain (SnapshotChain.Fields): every record hash stays as it was.
ALTER TABLE snapshots ADD COLUMN extraction TEXT NULL;

-- A host's not-found probe keeps a fingerprint of its text: one made by another extraction is probed again.
ALTER TABLE host_probes ADD COLUMN extraction TEXT NULL;
