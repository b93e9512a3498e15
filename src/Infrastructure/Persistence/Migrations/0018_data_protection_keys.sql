-- The keys that protect the pages' cookies and anti-forgery tokens (ASP.NET Core Data Protection's key ring, one XML
-- element per key), kept in the database so that every API host over it reads and writes the same ring: a form served
-- by one host is accepted by another behind the same load balancer.
CREATE TABLE data_protection_keys (
    id            INTEGER PRIMARY KEY,
    friendly_name TEXT    NOT NULL UNIQUE,
    xml           TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);
